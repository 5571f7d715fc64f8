using LimitTop.Core.Trends;
using LimitTop.Core.Model;

namespace LimitTop.Core.Tests.Trends;

public sealed class TrendEventTextTests
{
    [Fact]
    public void An_event_line_escapes_a_hostile_cgroup_path_and_the_text_report_lists_events()
    {
        var e = new TrendEvent(new DateTimeOffset(2026, 12, 1, 9, 5, 7, TimeSpan.Zero), TrendEvent.ForkRejected,
            Scope.Cgroup("/x\u001b[2Jy"), LimitKind.PidsMax, 1234, 42, "myapp");
        Assert.Equal("09:05:07 cgroup:/x\\e[2Jy: 1,234 forks refused by pids.max; myapp pid 42 holds the most tasks", e.ToString());

        var s = TrendWorld.At(0, [TrendWorld.Proc(10, 1000, 5)]) with { Events = [e] };
        string text = LimitTop.Core.Export.TextExport.Render(s);
        Assert.Contains("Events (last 20, oldest first)\n  09:05:07 cgroup:/x\\e[2Jy: 1,234 forks", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
    }
}
