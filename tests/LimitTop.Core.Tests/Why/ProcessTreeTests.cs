using LimitTop.Core.Model;
using LimitTop.Core.Why;
using static LimitTop.Core.Tests.Actions.ActionTestSupport;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Core.Tests.Why;

public sealed class ProcessTreeTests
{
    private static ProcessSample P(int pid, int ppid, int threads) => Member(pid, 1000, "p" + pid, "p") with { Ppid = ppid, Threads = threads };

    [Fact]
    public void Rows_in_tree_order_with_subtree_totals()
    {
        // 1 ─┬─ 10 (fork storm parent) ─┬─ 11 ── 13
        //    │                          └─ 12
        //    └─ 20;  2 (kthreadd, parent 0) ── 30;  40's parent 99 is not visible: a root
        var rows = ProcessTree.Build([P(12, 10, 50), P(1, 0, 1), P(10, 1, 2), P(11, 10, 100), P(13, 11, 7), P(20, 1, 3), P(2, 0, 1), P(30, 2, 1), P(40, 99, 5)]);
        Assert.Equal(
        [
            (1, 0, 163L, 6, true), (10, 1, 159, 4, true), (11, 2, 107, 2, true), (13, 3, 7, 1, false), (12, 2, 50, 1, false),
            (20, 1, 3, 1, false), (2, 0, 2, 2, true), (30, 1, 1, 1, false), (40, 0, 5, 1, false),
        ], rows.Select(r => (r.Process.Pid, r.Depth, r.SubtreeTasks, r.SubtreeProcesses, r.HasChildren)));
    }

    [Fact]
    public void A_parent_cycle_shows_every_process_once_and_totals_stay_finite()
    {
        var rows = ProcessTree.Build([P(5, 6, 1), P(6, 5, 2), P(7, 7, 3)]);
        Assert.Equal([5, 6, 7], rows.Select(r => r.Process.Pid).Order());
        Assert.Equal(3L, ProcessTree.SubtreeTotals([P(7, 7, 3)])[7].Tasks);
        Assert.All(rows, r => Assert.InRange(r.SubtreeTasks, 1, 3));
    }

    [Fact]
    public void A_long_chain_does_not_overflow_the_stack()
    {
        var chain = Enumerable.Range(1, 50_000).Select(i => P(i, i - 1, 1)).ToList();
        var rows = ProcessTree.Build(chain);
        Assert.Equal((50_000L, 49_999), (rows[0].SubtreeTasks, rows[^1].Depth));
    }
}
