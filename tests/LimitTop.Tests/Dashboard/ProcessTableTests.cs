using LimitTop.Core.Model;
using LimitTop.Dashboard;
using LimitTop.Frames;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

public sealed class ProcessTableTests
{
    private static readonly Snapshot Sample = Make(
    [
        Proc(10, threads: 5, fds: 900, nofileSoft: 1000, cpu: 1.5, rss: 5_000_000),
        Proc(11, threads: 50, fds: 3, cpu: null, rss: 1_000),
        Proc(12, threads: 5, fds: null, user: "bob", uid: 1001, nprocSoft: null, cpu: 30),
        Proc(2, threads: 1, kernel: true, name: "kthreadd", user: "root", uid: 0),
        Proc(13, threads: 12345, user: "bob", uid: 1001, name: "java", cmd: "java -jar big.jar"),
    ]);

    private static int[] Pids(ProcessTable t) => t.Rows.Select(r => r.Pid).ToArray();

    [Fact]
    public void Default_is_threads_descending_ties_by_pid_kernel_threads_hidden()
    {
        var t = ProcessTable.Build(Sample, new ViewOptions());
        Assert.Equal([13, 11, 10, 12], Pids(t));
        Assert.Equal(1, t.HiddenKernelThreads);
        Assert.Equal(5, t.Total);
    }

    [Fact]
    public void Inverting_and_other_columns()
    {
        Assert.Equal([10, 12, 11, 13], Pids(ProcessTable.Build(Sample, new ViewOptions { SortInverted = true }))); // ties stay by PID
        Assert.Equal([10, 11, 12, 13], Pids(ProcessTable.Build(Sample, new ViewOptions { SortColumn = ProcessColumn.Pid })));
        // unknown fds (null) sort as the smallest
        Assert.Equal([10, 13, 11, 12], Pids(ProcessTable.Build(Sample, new ViewOptions { SortColumn = ProcessColumn.Fds })));
        Assert.Equal([12, 10, 13, 11], Pids(ProcessTable.Build(Sample, new ViewOptions { SortColumn = ProcessColumn.Cpu }))); // unknown CPU last
        // NOFILE%: 900/1000 first
        Assert.Equal(10, ProcessTable.Build(Sample, new ViewOptions { SortColumn = ProcessColumn.NofilePercent }).Rows[0].Pid);
        // NPROC ascending: unlimited (null soft) is the largest limit
        Assert.Equal(12, ProcessTable.Build(Sample, new ViewOptions { SortColumn = ProcessColumn.Nproc }).Rows[^1].Pid);
        Assert.Equal([10, 12, 13, 11], Pids(ProcessTable.Build(Sample, new ViewOptions { SortColumn = ProcessColumn.Rss })));
        Assert.Equal([11, 12, 13, 10], Pids(ProcessTable.Build(Sample, new ViewOptions { SortColumn = ProcessColumn.Rss, SortInverted = true })));
    }

    [Fact]
    public void Kernel_threads_toggle_filters_and_user_filter()
    {
        Assert.Contains(2, Pids(ProcessTable.Build(Sample, new ViewOptions { ShowKernelThreads = true })));
        Assert.Equal([13], Pids(ProcessTable.Build(Sample, new ViewOptions { Filter = "JAVA" })));
        Assert.Equal([13], Pids(ProcessTable.Build(Sample, new ViewOptions { Filter = "big.jar" })));
        Assert.Equal([11], Pids(ProcessTable.Build(Sample, new ViewOptions { Filter = "11" })));
        Assert.Equal([13, 12], Pids(ProcessTable.Build(Sample, new ViewOptions { UserFilter = 1001 })));
        Assert.Empty(Pids(ProcessTable.Build(Sample, new ViewOptions { UserFilter = 1001, Filter = "proc10" })));
    }

    [Fact]
    public void Search_wraps_and_skips_the_current_row()
    {
        var t = ProcessTable.Build(Sample, new ViewOptions());
        Assert.Equal(2, t.FindNext("proc", 1, includeCurrent: false));
        Assert.Equal(1, t.FindNext("proc", 1, includeCurrent: true));
        Assert.Equal(1, t.FindNext("proc", 3, includeCurrent: false)); // wraps past the end
        Assert.Equal(-1, t.FindNext("nothing-like-this", 0, includeCurrent: true));
    }

    [Fact]
    public void Cells_keep_thread_counts_exact_and_humanize_sizes()
    {
        var thr = ColumnSpec.Of(ProcessColumn.Threads);
        var java = Sample.Processes.Single(p => p.Pid == 13);
        Assert.Equal("12345", thr.Cell(java, Sample.Grades));
        Assert.Equal("90%", ColumnSpec.Of(ProcessColumn.NofilePercent).Cell(Sample.Processes[0], Sample.Grades));
        Assert.Equal("-", ColumnSpec.Of(ProcessColumn.NofilePercent).Cell(Sample.Processes[2], Sample.Grades));
        Assert.Equal("unlim", ColumnSpec.Of(ProcessColumn.Nproc).Cell(Sample.Processes[2], Sample.Grades));
        Assert.Equal("[kthreadd]", ColumnSpec.Of(ProcessColumn.Command).Cell(Sample.Processes[3], Sample.Grades));
        Assert.Equal("-", ColumnSpec.Of(ProcessColumn.Cpu).Cell(Sample.Processes[1], Sample.Grades));
    }
}
