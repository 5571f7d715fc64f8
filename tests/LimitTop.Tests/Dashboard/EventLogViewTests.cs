using LimitTop.Core.Trends;
using LimitTop.Dashboard;
using static LimitTop.TestSupport.Snapshots;
using LimitTop.Core.Model;

namespace LimitTop.Tests.Dashboard;

/// <summary>Issue 25 item 3: the event log (e) folds repeats into one line and scrolls.</summary>
public sealed class EventLogViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 0, 0, TimeSpan.Zero);

    private static DashboardController WithEvents(int scopes, int repeats)
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.OnSnapshot(Make([Proc(1, 30), Proc(2, 20)]));
        var log = c.Store.Trends.Events;
        int t = 0;
        for (int s = 0; s < scopes; s++)
        {
            for (int r = 0; r < repeats; r++)
            {
                log.Add(new TrendEvent(T0.AddSeconds(t++), TrendEvent.ForkRejected, Scope.Cgroup($"/scope{s:D3}"), LimitKind.PidsMax, 1, 42, "worker"));
            }
        }

        c.Frame(120, 30, Now);
        c.Input.HandleKey(UiKey.Of('e'));
        return c;
    }

    private static string Text(LimitTop.Frames.Screen s) => s.Text;

    [Fact]
    public void Repeats_fold_into_one_line_with_how_often_and_the_first_time()
    {
        var c = WithEvents(scopes: 1, repeats: 143);
        string log = Text(c.Frame(120, 30, Now));
        Assert.Single(log.Split('\n'), l => l.Contains("cgroup:/scope000", StringComparison.Ordinal));
        string first = T0.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches(@"fork-rejected +cgroup:/scope000 +pids\.max +×143 +143 +" + first + @" worker \(42\)", log);
        Assert.Contains("143 since start", log, StringComparison.Ordinal);
    }

    [Fact]
    public void The_log_scrolls_with_the_arrows_page_keys_home_and_end()
    {
        var c = WithEvents(scopes: 80, repeats: 1);
        string top = Text(c.Frame(120, 30, Now));
        Assert.Contains("cgroup:/scope079", top, StringComparison.Ordinal); // newest first
        Assert.DoesNotContain("cgroup:/scope000", top, StringComparison.Ordinal);
        Assert.Contains("rows 1–", top, StringComparison.Ordinal);

        c.Input.HandleKey(UiKey.Of(SpecialKey.Down));
        string down = Text(c.Frame(120, 30, Now));
        Assert.DoesNotContain("cgroup:/scope079", down, StringComparison.Ordinal);
        Assert.Contains("cgroup:/scope078", down, StringComparison.Ordinal);

        c.Input.HandleKey(UiKey.Of(SpecialKey.End));
        string end = Text(c.Frame(120, 30, Now));
        Assert.Contains("cgroup:/scope000", end, StringComparison.Ordinal);
        Assert.Contains("of 80", end, StringComparison.Ordinal);

        c.Input.HandleKey(UiKey.Of(SpecialKey.PageUp));
        c.Input.HandleKey(UiKey.Of(SpecialKey.PageUp));
        c.Input.HandleKey(UiKey.Of(SpecialKey.PageUp));
        c.Input.HandleKey(UiKey.Of(SpecialKey.PageDown));
        string mid = Text(c.Frame(120, 30, Now));
        Assert.DoesNotContain("cgroup:/scope000", mid, StringComparison.Ordinal);
        Assert.DoesNotContain("cgroup:/scope079", mid, StringComparison.Ordinal);

        c.Input.HandleKey(UiKey.Of(SpecialKey.Home));
        Assert.Contains("cgroup:/scope079", Text(c.Frame(120, 30, Now)), StringComparison.Ordinal);
        Assert.Equal(Mode.Events, c.State.Mode);
    }
}
