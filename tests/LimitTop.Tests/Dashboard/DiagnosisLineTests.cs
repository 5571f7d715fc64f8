using LimitTop.Core.Model;
using LimitTop.Core.Trends;
using LimitTop.Dashboard;

namespace LimitTop.Tests.Dashboard;

/// <summary>Issue 25, item 1: the one diagnosis line says when more than one limit is spent now.</summary>
public sealed class DiagnosisLineTests
{
    private static Finding Spent(string scope, string limit, long max) => new()
    {
        Scope = Scope.Parse(scope), Limit = LimitNames.Parse(limit)!.Value, Used = max, Max = max, Percent = 100, Severity = Severity.Critical,
        Message = scope + ": " + max + " of " + max,
    };

    [Fact]
    public void Two_spent_limits_are_both_named_ahead_of_the_first_ones_sentence()
    {
        var forecast = new Finding
        {
            Scope = Scope.User("uxapp"), Limit = LimitKind.Nproc, Used = 85, Max = 200, Percent = 42.5, Severity = Severity.Ok,
            Message = "user uxapp: 85 of 200 tasks", ExhaustedIn = TimeSpan.FromSeconds(45), RatePerMinute = 150,
        };
        var ranked = ForecastWords.Rank([forecast, Spent("cgroup:/ux-demo", "pids.max", 45), Spent("user:bob", "nproc", 50)]);
        string line = DiagnosisLine.Draw(ranked, 300).Text;
        Assert.StartsWith(" [!!] 2 limits exhausted: cgroup /ux-demo pids.max, user bob nproc — cgroup:/ux-demo: 45 of 45", line);
        Assert.DoesNotContain("[ok]", line);
    }

    [Fact]
    public void One_spent_limit_is_just_its_sentence()
    {
        string line = DiagnosisLine.Draw([Spent("cgroup:/a\u202e", "pids.max", 4)], 200).Text;
        Assert.Equal(" [!!] cgroup:/a\u202e: 4 of 4", line.TrimEnd());
        Assert.Null(DiagnosisLine.Exhausted([Spent("cgroup:/a", "pids.max", 4)]));
        Assert.Equal("2 limits exhausted: cgroup /a\\u202e pids.max, user b nproc",
            DiagnosisLine.Exhausted([Spent("cgroup:/a\u202e", "pids.max", 4), Spent("user:b", "nproc", 9)]));
    }
}
