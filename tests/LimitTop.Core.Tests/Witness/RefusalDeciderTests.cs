using LimitTop.Core.Witness;

namespace LimitTop.Core.Tests.Witness;

public sealed class RefusalDeciderTests
{
    private const ulong CapSysAdmin = 1UL << 21;
    private const ulong CapSysResource = 1UL << 24;

    private static AskerStatus Task(int ruid = 1001, ulong capEff = 0, int? seccomp = 0) => new("app", 42, ruid, capEff, seccomp);

    private static RefusalFacts Facts(AskerStatus? task = null, long? soft = 100, long? userTasks = 100, long nr = 500, long tmax = 192730, long pmax = 4194304)
        => new(task ?? Task(), soft, userTasks, nr, tmax, pmax);

    private static string Decide(int errno, RefusalFacts f, string? moved = null)
        => RefusalDecider.Decide(errno, f, () => moved) is var a && a.Cgroup is { } c ? $"{a.Limit} {c}" : RefusalDecider.Decide(errno, f, () => moved).Limit;

    [Fact]
    public void Eagain_with_the_user_at_its_soft_nproc_is_nproc()
        => Assert.Equal("nproc", Decide(11, Facts(soft: 100, userTasks: 100)));

    [Theory]
    [InlineData(0, 0UL)]
    [InlineData(1001, CapSysAdmin)]
    [InlineData(1001, CapSysResource)]
    public void Exempt_askers_are_never_nproc(int ruid, ulong cap)
        => Assert.Equal("unknown (EAGAIN)", Decide(11, Facts(Task(ruid, cap), soft: 10, userTasks: 500)));

    [Fact]
    public void Nproc_comes_before_threads_max_as_in_copy_process()
        => Assert.Equal("nproc", Decide(11, Facts(soft: 5, userTasks: 5, nr: 100, tmax: 100)));

    [Fact]
    public void Below_nproc_and_at_threads_max_is_threads_max()
        => Assert.Equal("threads-max", Decide(11, Facts(soft: 50, userTasks: 5, nr: 100, tmax: 100)));

    [Theory]
    [InlineData(1000, 984, "threads-max")] // tasks that exited before the read: 16 at least
    [InlineData(1000, 983, "unknown (EAGAIN)")]
    [InlineData(192730, 190803, "threads-max")] // 1 %
    [InlineData(192730, 190802, "unknown (EAGAIN)")]
    public void Threads_max_allows_for_tasks_that_exited_before_the_read(long tmax, long nr, string limit)
        => Assert.Equal(limit, Decide(11, Facts(soft: null, nr: nr, tmax: tmax)));

    [Fact]
    public void Out_of_pid_numbers_is_pid_max()
        => Assert.Equal("pid_max", Decide(11, Facts(soft: null, nr: 700, tmax: 192730, pmax: 1000)));

    [Fact]
    public void A_cgroup_whose_events_moved_comes_after_nproc_and_before_the_system_counts()
    {
        Assert.Equal("pids.max /a/b", Decide(11, Facts(soft: null), moved: "/a/b"));
        Assert.Equal("nproc", Decide(11, Facts(soft: 3, userTasks: 3), moved: "/a/b"));
        Assert.Equal("pids.max /a/b", Decide(11, Facts(soft: null, nr: 100, tmax: 100), moved: "/a/b"));
    }

    [Fact]
    public void The_cgroup_is_asked_only_when_nothing_earlier_explains_the_refusal()
    {
        int asked = 0;
        _ = RefusalDecider.Decide(11, Facts(soft: 3, userTasks: 3), () => { asked++; return "/x"; });
        Assert.Equal(0, asked); // asking consumes one of the cgroup's counted refusals
    }

    [Fact]
    public void A_state_that_moved_on_is_unknown_not_a_guess()
    {
        Assert.Equal("unknown (EAGAIN)", Decide(11, Facts(soft: 100, userTasks: 99)));
        Assert.Equal("unknown (EAGAIN)", Decide(11, new RefusalFacts(null, null, null, 10, 1000, 4194304), moved: "/x"));
    }

    [Fact]
    public void Eperm_is_seccomp_under_a_filter_else_an_lsm()
    {
        Assert.Equal("seccomp", Decide(1, Facts(Task(seccomp: 2))));
        Assert.Equal("lsm", Decide(1, Facts(Task(seccomp: 0))));
        Assert.Equal("unknown (EPERM)", Decide(1, new RefusalFacts(null, null, null, null, null, null)));
    }

    [Theory]
    [InlineData(12, "memory")]
    [InlineData(28, "namespaces")]
    [InlineData(22, "EINVAL")]
    [InlineData(87, "EUSERS")]
    [InlineData(999, "errno 999")]
    public void Other_errnos(int errno, string limit)
        => Assert.Equal(limit, Decide(errno, Facts()));

    [Fact]
    public void Task_status_fields()
    {
        string status = "Name:\tmy app\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nPid:\t4250\nUid:\t1001\t0\t0\t0\n"
            + "CapEff:\t0000000001000000\nSeccomp:\t2\nSeccomp_filters:\t1\n";
        Assert.True(AskerStatus.TryParse(System.Text.Encoding.UTF8.GetBytes(status), out var s));
        Assert.Equal(new AskerStatus("my app", 4242, 1001, CapSysResource, 2), s);
        Assert.True(s.NprocExempt);
        Assert.False(AskerStatus.TryParse("Name:\tx\n"u8, out _));
    }
}
