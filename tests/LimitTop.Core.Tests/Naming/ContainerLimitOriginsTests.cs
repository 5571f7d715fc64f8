using LimitTop.Core.Model;
using LimitTop.Core.Naming;
using LimitTop.Core.Tests.Sampling;
using LimitTop.Core.Why;
using static LimitTop.Core.Tests.Naming.NamerFixture;

namespace LimitTop.Core.Tests.Naming;

/// <summary>Where a container's pids.max came from, on Fixtures/containers.</summary>
public sealed class ContainerLimitOriginsTests
{
    private static (CgroupNamer Namer, ContainerLimitOrigins Origins) Make(string tree)
    {
        var namer = Namer(tree);
        return (namer, new ContainerLimitOrigins(Root(tree), StateRoots.Under(tree), namer.Files));
    }

    private static string? Origin(string tree, string path, long? pidsMax, int version = 1)
    {
        var (namer, origins) = Make(tree);
        return origins.Of(namer.Name(path, version), pidsMax)?.Sentence;
    }

    [Fact]
    public void Podman_pids_limit_is_told_from_the_containers_conf_default()
    {
        Assert.Equal("podman --pids-limit 32", Origin(Committed, "/libpod_parent/libpod-" + P1, 32));
        string conf = Path.Combine(Committed, "etc/containers/containers.conf");
        Assert.Equal($"podman's default pids_limit = 2048 ({conf}:3)", Origin(Committed, "/machine.slice/libpod-" + P2 + ".scope", 2048, 2));
        Assert.Equal("podman --pids-limit 32; pids.max is 40 now (written since)", Origin(Committed, "/libpod_parent/libpod-" + P1, 40));
        Assert.Null(Origin(Committed, "/machine.slice/libpod-conmon-" + P1 + ".scope", null, 2));
    }

    [Fact]
    public void Podman_without_containers_conf_is_its_built_in_default()
    {
        using var t = FixtureTree.Copy("containers");
        File.Delete(t.File("etc/containers/containers.conf"));
        Assert.Equal("podman's built-in default pids_limit 2048 (no containers.conf sets it)", Origin(t.Dir, "/libpod_parent/libpod-" + P2, 2048));
    }

    [Fact]
    public void Docker_pids_limit_comes_from_hostconfig()
    {
        Assert.Equal("docker --pids-limit 100", Origin(Committed, "/system.slice/docker-" + D1 + ".scope", 100, 2));
        using var t = FixtureTree.Copy("containers");
        File.WriteAllText(t.File($"var/lib/docker/containers/{D1}/hostconfig.json"), "{\"PidsLimit\":null}");
        Assert.Equal("docker: no --pids-limit (PidsLimit unset)", Origin(t.Dir, "/docker/" + D1, null));
    }

    [Fact]
    public void Kubernetes_pods_take_the_kubelets_pod_pids_limit_and_crio_its_pids_limit()
    {
        string yaml = Path.Combine(Committed, "var/lib/kubelet/config.yaml");
        Assert.Equal($"kubelet podPidsLimit 1024 ({yaml})", Origin(Committed, "/kubepods/burstable/pod" + Pod, 1024));
        Assert.Equal($"kubelet podPidsLimit 1024 ({yaml})", Origin(Committed,
            "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0a1b2c3d_1111_2222_3333_444455556666.slice", 1024, 2));
        string dropIn = Path.Combine(Committed, "etc/crio/crio.conf.d/10-pids.conf");
        Assert.Equal($"CRI-O pids_limit = 4096 ({dropIn}:2)", Origin(Committed, "/kubepods/besteffort/pod" + CrioPod + "/crio-" + R1, 4096));
    }

    [Fact]
    public void Systemd_units_and_lxc_name_their_settings()
    {
        string dropIn = Path.Combine(Committed, "etc/systemd/system/web.service.d/50-tasks.conf");
        Assert.Equal($"systemd TasksMax=300 ({dropIn})", Origin(Committed, "/system.slice/web.service", 300));
        Assert.Equal("systemd DefaultTasksMax=15% (systemd's built-in default)", Origin(Committed, "/system.slice/nginx.service", null));
        using var t = FixtureTree.Copy("containers");
        Directory.CreateDirectory(t.File("var/lib/lxc/web01"));
        File.WriteAllText(t.File("var/lib/lxc/web01/config"), "lxc.uts.name = web01\nlxc.cgroup2.pids.max = 500\n");
        Assert.Equal($"lxc pids.max = 500 ({t.File("var/lib/lxc/web01/config")}:2)", Origin(t.Dir, "/lxc.payload.web01", 500, 2));
        Directory.CreateDirectory(t.File("etc/systemd"));
        File.WriteAllText(t.File("etc/systemd/logind.conf"), "[Login]\nUserTasksMax=12288\n");
        Assert.Equal($"logind UserTasksMax=12288 ({t.File("etc/systemd/logind.conf")}:2)", Origin(t.Dir, "/user.slice/user-1000.slice", 12288));
    }

    [Fact]
    public void Unreadable_runtime_files_say_so_and_plain_paths_have_no_origin()
    {
        using var t = FixtureTree.Copy("containers");
        File.Delete(t.File($"var/lib/docker/containers/{D1}/hostconfig.json"));
        Assert.StartsWith("docker: ", Origin(t.Dir, "/docker/" + D1, 100), StringComparison.Ordinal);
        Assert.Null(Origin(t.Dir, "/lt_test/sub", 20));
    }

    [Fact]
    public void Containers_sharing_one_uid_share_one_nproc_count_when_it_binds()
    {
        var namer = Namer(Committed);
        ProcessSample P(int pid, int uid, string cgroup, int? owner = null) => new()
        {
            Pid = pid, Ppid = 1, Uid = uid, Euid = uid, User = "u", Name = "sh", Cmdline = "sh", State = 'S', Threads = 1,
            Cgroup = cgroup, CgroupVersion = 1, UserNamespaceOwner = owner,
        };
        ProcessSample[] procs =
        [
            P(10, 1000, "/libpod_parent/libpod-" + P1), P(11, 1000, "/libpod_parent/libpod-" + P1), P(12, 1000, "/docker/" + D1),
            P(13, 1000, "/user.slice/user-1000.slice/session-3.scope"), P(20, 2000, "/docker/" + D1), P(21, 2000, "/libpod_parent/libpod-" + P1),
        ];
        UserUsage U(int uid, int tasks, long limit) => new()
        {
            Uid = uid, Name = "u" + uid, Tasks = tasks, Processes = tasks, Exempt = false, Nproc = new LimitRange(limit, limit), Sigpending = LimitRange.Unknown, NprocHeadroom = limit - tasks,
        };
        var notes = SharedNprocNotes.Find(procs, [U(1000, 95, 100), U(2000, 10, 100)], namer.Name);
        var note = Assert.Single(notes);
        Assert.Equal((1000, 95, 100L), (note.Uid, note.ChargedTasks, note.Limit));
        Assert.Equal(["ltc1 (podman)", "the host", "web-1 (docker)"], note.Containers);
        Assert.Contains("share one RLIMIT_NPROC count", note.Sentence, StringComparison.Ordinal);
        Assert.Empty(SharedNprocNotes.Find(procs, [U(1000, 50, 100)], namer.Name)); // far from the limit: not said
    }
}
