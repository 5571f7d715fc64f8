using LimitTop.Core.Model;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Tests.Trends;

public sealed class ForecastWordsTests
{
    [Fact]
    public void The_sentence_names_limit_scope_time_and_rate()
        => Assert.Equal("nproc of user bob full in ~2 hours, 10 minutes at +31 tasks/min",
            ForecastWords.Sentence(Scope.User("bob"), LimitKind.Nproc, TimeSpan.FromMinutes(130.4), 31.2));

    [Fact]
    public void Rates_and_durations_in_words()
    {
        Assert.Equal("−0.5 fds/min", ForecastWords.Rate(-0.5, "fds"));
        Assert.Equal("+1,200 PIDs/min", ForecastWords.Rate(1200, "PIDs"));
        Assert.Equal("4 minutes, 5 seconds", ForecastWords.Duration(TimeSpan.FromSeconds(245)));
        Assert.Equal("cgroup /system.slice", ForecastWords.Sentence(Scope.Cgroup("/system.slice"), LimitKind.PidsMax, TimeSpan.FromMinutes(5), 3)[12..32]);
    }
}
