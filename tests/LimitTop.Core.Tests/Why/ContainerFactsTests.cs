using LimitTop.Core.Model;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Trends;
using LimitTop.Core.Why;
using static LimitTop.Core.Tests.Naming.NamerFixture;

namespace LimitTop.Core.Tests.Why;

/// <summary>What --why adds from the snapshot's names: the shared RLIMIT_NPROC note for the process's uid, the checks' labels.</summary>
public sealed class ContainerFactsTests
{
    private static ProcessSample P(int pid, int uid, string cgroup) => new()
    {
        Pid = pid, Ppid = 1, Uid = uid, Euid = uid, User = "u" + uid, Name = "sh", Cmdline = "sh", State = 'S', Threads = 1,
        Cgroup = cgroup, CgroupVersion = 1,
    };

    private static UserUsage U(int uid, int tasks, long limit) => new()
    {
        Uid = uid, Name = "u" + uid, Tasks = tasks, Processes = tasks, Exempt = false, Nproc = new LimitRange(limit, limit),
        Sigpending = LimitRange.Unknown, NprocHeadroom = limit - tasks,
    };

    [Fact]
    public void The_shared_nproc_note_is_given_for_the_charged_uid_from_the_snapshots_names()
    {
        var raw = Snapshots.Make([P(10, 1000, "/libpod_parent/libpod-" + P1), P(12, 1000, "/docker/" + D1), P(20, 2000, "/docker/" + D1)],
            users: [U(1000, 95, 100), U(2000, 96, 100)]) with { Diagnosis = [] };
        var s = new NamingStage(Root(Committed), LimitTop.Core.Naming.StateRoots.Under(Committed)).Apply(raw, new EventLog());
        string note = Assert.Single(ContainerFacts.SharedNproc(s, 1000));
        Assert.Contains("ltc1 (podman), web-1 (docker)", note, StringComparison.Ordinal);
        Assert.Empty(ContainerFacts.SharedNproc(s, 2000)); // one place only: nothing shared
    }

    [Fact]
    public void A_pids_check_is_labelled_with_its_cgroups_name()
    {
        var s = new NamingStage(Root(Committed), LimitTop.Core.Naming.StateRoots.Under(Committed))
            .Apply(Snapshots.Make([P(10, 0, "/libpod_parent/libpod-" + P1)]) with { Diagnosis = [] }, new EventLog());
        var check = new WhyCheck { Kind = CheckKind.PidsCgroup, Name = "pids /libpod_parent/libpod-" + P1, Unit = "tasks", Used = 31, Max = 32, Headroom = 1, Applies = true };
        var labelled = Assert.Single(ContainerFacts.Label([check], s.Names));
        Assert.Equal("container ltc1 (podman)", labelled.Label);
        Assert.Equal("the pids cgroup of container ltc1 (podman)", ExplanationText.Describe(labelled));
    }
}
