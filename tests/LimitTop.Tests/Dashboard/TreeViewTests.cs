using LimitTop.Core.Model;
using LimitTop.Dashboard;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

/// <summary>The tree view (F5 / t): tree order, siblings by the sort, glyphs, subtree totals, selection, filters.</summary>
public sealed class TreeViewTests
{
    // 1 ─┬─ 10 (5 threads) ── 11 (50)
    //    └─ 20 (30)       ── 21 (2)
    private static ProcessSample[] Family() =>
    [
        Proc(1, 1, name: "init"),
        Proc(10, 5, name: "small") with { Ppid = 1 },
        Proc(11, 50, name: "hog") with { Ppid = 10 },
        Proc(20, 30, name: "big") with { Ppid = 1 },
        Proc(21, 2, name: "leaf") with { Ppid = 20 },
    ];

    private static DashboardController Tree(params ProcessSample[] ps)
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.OnSnapshot(Make(ps));
        c.Input.HandleKey(UiKey.Of('t'));
        return c;
    }

    [Fact]
    public void Rows_follow_the_tree_with_siblings_in_the_sort_order()
    {
        var c = Tree(Family());
        Assert.True(c.Input.Options.Tree);
        // THR descending: of pid 1's children, 20 (30 threads) comes before 10 (5), each followed by its subtree
        Assert.Equal([1, 20, 21, 10, 11], c.Viewport.Table.Rows.Select(p => p.Pid));
        Assert.Equal(["", "├─ ", "│  └─ ", "└─ ", "   └─ "], c.Viewport.Table.Tree!.Select(t => t.Glyphs));

        c.Input.HandleKey(UiKey.Of('I')); // ascending: 10 (5) before 20 (30)
        Assert.Equal([1, 10, 11, 20, 21], c.Viewport.Table.Rows.Select(p => p.Pid));
    }

    [Fact]
    public void Subtree_totals_count_every_task_below()
    {
        var c = Tree(Family());
        var byPid = c.Viewport.Table.Rows.Zip(c.Viewport.Table.Tree!).ToDictionary(x => x.First.Pid, x => x.Second);
        Assert.Equal(88, byPid[1].SubtreeTasks);
        Assert.Equal(5, byPid[1].SubtreeProcesses);
        Assert.Equal(55, byPid[10].SubtreeTasks);
        Assert.Equal(32, byPid[20].SubtreeTasks);
        Assert.Equal(50, byPid[11].SubtreeTasks);
        Assert.False(byPid[11].HasChildren);

        var frame = c.Frame(160, 40, Now); // wide enough for the Δ/min columns and a whole COMMAND
        Assert.Contains(frame.Lines, l => l.Text.Contains("├─ - Σ32 /usr/bin/proc20", StringComparison.Ordinal));
        Assert.Contains(frame.Lines, l => l.Text.Contains("   └─ /usr/bin/proc11", StringComparison.Ordinal)); // a leaf: no Σ
        Assert.Contains(frame.Lines, l => l.Text.Contains("tree, Σ = tasks of the subtree", StringComparison.Ordinal));
    }

    [Fact]
    public void Toggling_keeps_the_selection_on_its_pid()
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.OnSnapshot(Make(Family()));
        c.Viewport.SelectPid(21);
        Assert.Equal(3, c.Viewport.SelectedIndex); // flat: 11, 20, 10, 21, 1

        c.Input.HandleKey(UiKey.Of(SpecialKey.F5));
        Assert.True(c.Input.Options.Tree);
        Assert.Equal(21, c.Viewport.SelectedPid);
        Assert.Equal(2, c.Viewport.SelectedIndex);

        c.OnSnapshot(Make([.. Family(), Proc(12, 7) with { Ppid = 10 }], seq: 2)); // a new process: still on 21
        Assert.Equal(21, c.Viewport.SelectedPid);

        c.Input.HandleKey(UiKey.Of('t'));
        Assert.False(c.Input.Options.Tree);
        Assert.Equal(21, c.Viewport.SelectedPid);
        Assert.Null(c.Viewport.Table.Tree);
    }

    [Fact]
    public void A_filter_keeps_the_matches_and_their_ancestors()
    {
        var c = Tree(Family());
        c.Input.Options = c.Input.Options with { Filter = "proc11" };
        Assert.Equal([1, 10, 11], c.Viewport.Table.Rows.Select(p => p.Pid));
        Assert.Equal(["", "└─ ", "   └─ "], c.Viewport.Table.Tree!.Select(t => t.Glyphs));
        Assert.Equal(55, c.Viewport.Table.Tree![1].SubtreeTasks); // the filter hides rows, not tasks
    }

    [Fact]
    public void Orphans_and_a_parent_cycle_each_appear_once()
    {
        var c = Tree(Proc(5, 1) with { Ppid = 999 }, Proc(7, 2) with { Ppid = 8 }, Proc(8, 3) with { Ppid = 7 });
        Assert.Equal([5, 7, 8], c.Viewport.Table.Rows.Select(p => p.Pid).Order());
        Assert.Equal(3, c.Viewport.Table.Count);
    }
}
