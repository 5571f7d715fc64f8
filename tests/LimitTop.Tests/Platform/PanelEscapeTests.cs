using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Dashboard;

namespace LimitTop.Tests.Platform;

/// <summary>
/// Issue 25 item 10: a cgroup name's U+202E and C1 0x9B reached the panel raw (the Terminal.Gui backend has no
/// painter net). The cgroups panel and the CGROUP column show them with the one escaping rule.
/// </summary>
public sealed class PanelEscapeTests
{
    private const string Hostile = "/ux-\u202edemo\u009b\u200b";
    private const string Shown = "/ux-\\u202edemo\\x9b\\u200b";

    private static Snapshot Box() => Snapshots.Make(
        [Snapshots.Proc(100, 3, cgroup: Hostile)],
        cgroups: [new CgroupUsage { Path = Hostile, Version = 1, PidsCurrent = 3, PidsMax = 45 }]);

    [Fact]
    public void The_cgroups_panel_escapes_a_hostile_name()
    {
        string text = string.Join("\n", CgroupsPanel.Draw(CgroupsPanelModel.Of(Box()), 120, 5, null, ascii: true).Select(l => l.Text));
        Assert.Contains(Shown, text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202e', text);
        Assert.DoesNotContain('\u009b', text);
    }

    [Fact]
    public void The_cgroup_column_escapes_a_hostile_name()
    {
        var s = Box();
        Assert.Equal(Shown, ColumnSpec.Of(ProcessColumn.Cgroup).Cell(s.Processes[0], s.Grades));
    }
}
