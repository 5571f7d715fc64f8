using LimitTop.Core.Sampling;

namespace LimitTop.Core.Tests.Sampling;

/// <summary>
/// PidSpace against kernel/pid.c's rules. The live proof, with the kernel refusing forks, is
/// LimitTop.Tests.Live.PidNamespaceTests; these pin each rule on its own.
/// </summary>
public sealed class PidSpaceTests
{
    private static readonly Func<int, IReadOnlyList<int>?> NoListing = pid => throw new InvalidOperationException($"task listing of {pid} not expected");

    [Fact]
    public void After_boot_numbers_below_300_are_neither_usable_nor_counted()
    {
        // init, kthreadd and a boot-time daemon below 300; a worker and a 10-thread app above
        var procs = new List<(int, int)> { (1, 1), (2, 1), (250, 1), (4000, 1), (5000, 10) };
        var u = PidSpace.Count(32768, lastPid: 5009, procs, [], NoListing);
        Assert.Equal(new PidUsage(Held: 11, Usable: 32768 - 300, Lowest: 300, HeldByGroups: 0), u);
    }

    [Fact]
    public void Before_the_allocator_passes_300_every_number_from_1_counts()
    {
        var procs = new List<(int, int)> { (1, 1), (2, 1), (41, 3) };
        var u = PidSpace.Count(32768, lastPid: 45, procs, [], NoListing);
        Assert.Equal(new PidUsage(5, 32767, 1, 0), u);
    }

    [Fact]
    public void Threads_of_a_boot_time_process_are_listed_and_count_when_above_300()
    {
        // systemd-journald-like: pid 180 started at boot, threads added later got numbers above 300
        var procs = new List<(int, int)> { (1, 1), (180, 4), (900, 2) };
        var asked = new List<int>();
        var u = PidSpace.Count(32768, 950, procs, [], pid =>
        {
            asked.Add(pid);
            return pid == 180 ? [180, 181, 700, 701] : null;
        });
        Assert.Equal([180], asked); // only the multi-threaded process below 300 is listed
        Assert.Equal(2 + 2, u.Held); // 700, 701 and pid 900's two tasks
    }

    [Fact]
    public void A_session_or_group_that_outlived_its_leader_holds_one_number()
    {
        // 600 was a session leader that exited; 601 and 602 are its members (pgrp 601 led by a live process)
        var procs = new List<(int, int)> { (1, 1), (601, 1), (602, 1) };
        var u = PidSpace.Count(1000, 700, procs, [0, 1, 600, 601, 250], NoListing);
        Assert.Equal(1, u.HeldByGroups); // 600 only: 601 is a live process, 0 means none, 250 is below the range
        Assert.Equal(3, u.Held);         // 601, 602 and the held 600
    }

    [Fact]
    public void Numbers_above_a_lowered_pid_max_are_outside_and_threads_are_listed()
    {
        // pid_max lowered from 4194304 to 32768 under a running 3-thread process at 100000 whose newest
        // thread already came from the new range
        var procs = new List<(int, int)> { (1, 1), (500, 1), (100000, 3) };
        var u = PidSpace.Count(32768, 100002, procs, [100000], pid => pid == 100000 ? [100000, 100001, 812] : null);
        Assert.Equal(2, u.Held); // 500 and 812; the group 100000 is a live process (outside anyway)
        Assert.Equal(0, u.HeldByGroups);
    }

    [Fact]
    public void A_process_that_vanished_before_its_tasks_were_listed_counts_by_its_pid()
    {
        var procs = new List<(int, int)> { (120, 5), (400, 5) };
        var u = PidSpace.Count(32768, 4000, procs, [], _ => null);
        Assert.Equal(5, u.Held); // 120's tasks unknown: its pid is below 300, so none of them count
    }

    [Fact]
    public void Without_ns_last_pid_the_highest_visible_pid_decides_the_lowest_number()
    {
        Assert.Equal(300, PidSpace.Count(32768, null, new List<(int, int)> { (1, 1), (3000, 1) }, [], NoListing).Lowest);
        Assert.Equal(1, PidSpace.Count(32768, null, new List<(int, int)> { (1, 1), (42, 1) }, [], NoListing).Lowest);
    }
}
