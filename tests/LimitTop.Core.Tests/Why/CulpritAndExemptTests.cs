using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Core.Sampling;
using LimitTop.Core.Why;
using static LimitTop.Core.Tests.Actions.ActionTestSupport;
using LimitTop.Core.Limits;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Core.Tests.Why;

/// <summary>The diagnosis names copies of one program and the processes the kernel exempts from RLIMIT_NPROC.</summary>
public sealed class CulpritAndExemptTests
{
    private static ProcessSample P(int pid, int threads, string name = "myapp", string cmd = "/opt/myapp/bin/myapp", string? exempt = null)
        => Member(pid, 1000, name, cmd, "/user.slice", user: "bob") with { Threads = threads, Limits = new ProcessLimits(new(3859, 3859), new(1024, 1024), new(3859, 3859)), NprocExempt = exempt };

    private static Finding UserFinding(IReadOnlyList<ProcessSample> processes)
    {
        var users = UserAggregator.Aggregate(processes, uid => "bob");
        var system = new SystemUsage { Hostname = "h", Uptime = TimeSpan.Zero, Tasks = 4000, ThreadsMax = 7718, PidsUsed = 4000, PidMax = 32768, OpenFiles = 0, FileMax = 0 };
        return DiagnosisBuilder.Build(system, users, [], processes).Single(f => f.Scope.Key == "user:bob" && f.Limit.Name() == "nproc");
    }

    [Fact]
    public void Ten_copies_of_one_program_are_named_as_the_program()
    {
        // The field report: ten copies at a 3,859 limit; the line named one copy.
        var procs = new List<ProcessSample> { P(31614, 1038) };
        procs.AddRange(Enumerable.Range(0, 9).Select(i => P(31600 + i, 312 + (i == 0 ? 3 : 0))));
        procs.Add(P(500, 10, "bash", "-bash"));
        var f = UserFinding(procs);
        Assert.Equal("user bob: 3,859 of 3,859 tasks (100%) — the next fork fails; myapp ×10 (user bob) holds 3,849 of 3,859 tasks; the largest, pid 31614, has 1,038 threads", f.Message);
    }

    [Fact]
    public void Same_name_but_another_executable_is_another_program()
    {
        var f = UserFinding([P(1, 3000), P(2, 800, cmd: "/home/bob/dev/myapp")]);
        Assert.EndsWith("; myapp pid 1 holds 3,000 threads", f.Message);
    }

    [Fact]
    public void Exempt_processes_of_a_user_at_its_limit_are_named()
    {
        var f = UserFinding([P(1, 3000), P(2, 900, exempt: NprocExemption.SysAdmin)]);
        Assert.Contains("— the next fork fails, except in 1 exempt process (pid 2 CAP_SYS_ADMIN)", f.Message);
    }

    [Theory]
    [InlineData(0, 0x0UL, false, "uid 0")]
    [InlineData(1000, 0x0UL, false, null)]
    [InlineData(1000, 1UL << 21, false, "CAP_SYS_ADMIN")]
    [InlineData(1000, 1UL << 24, false, "CAP_SYS_RESOURCE")]
    [InlineData(1000, 0x1fffeffffffUL, false, "CAP_SYS_ADMIN")]
    [InlineData(0, 0x1fffeffffffUL, true, null)] // uid 0 and full caps inside a nested user namespace: not exempt
    public void Exemption_is_uid_0_or_a_capability_in_the_initial_namespace(int ruid, ulong capEff, bool nested, string? expected)
        => Assert.Equal(expected, NprocExemption.Of(ruid, capEff, nested));
}
