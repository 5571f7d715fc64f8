using LimitTop.Core.Model;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Tests.Trends;

/// <summary>Issue 25, item 1: a limit spent now is the headline, whatever another scope's forecast says.</summary>
public sealed class HeadlineRankTests
{
    private static Finding F(Scope scope, LimitKind limit, long used, long max, TimeSpan? full = null)
    {
        double pct = used * 100.0 / max;
        return new Finding
        {
            Scope = scope, Limit = limit, Used = used, Max = max, Percent = pct,
            Severity = Severities.Of(pct), Message = scope.Key, ExhaustedIn = full, RatePerMinute = full is null ? null : 60,
        };
    }

    [Fact]
    public void A_refusing_cgroup_at_its_limit_outranks_a_user_forecast_to_fill_in_45_seconds()
    {
        var user = F(Scope.User("uxapp"), LimitKind.Nproc, 85, 200, TimeSpan.FromSeconds(45));
        var cgroup = F(Scope.Cgroup("/ux-demo"), LimitKind.PidsMax, 45, 45);
        var ranked = ForecastWords.Rank([user, cgroup]);
        Assert.Equal(["cgroup:/ux-demo", "user:uxapp"], ranked.Select(f => f.Scope.Key));
    }

    [Fact]
    public void Critical_now_ranks_before_critical_by_forecast_and_a_forecast_still_before_a_quiet_warning()
    {
        var forecast = F(Scope.User("a"), LimitKind.Nproc, 10, 100, TimeSpan.FromMinutes(2)); // critical by forecast only
        var now = F(Scope.User("b"), LimitKind.Nproc, 95, 100);                                // critical now, not spent
        var warning = F(Scope.User("c"), LimitKind.Nproc, 75, 100);
        var ranked = ForecastWords.Rank([warning, forecast, now]);
        Assert.Equal(["user:b", "user:a", "user:c"], ranked.Select(f => f.Scope.Key));
    }
}
