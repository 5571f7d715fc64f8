using System.Diagnostics;
using System.Globalization;
using LimitTop.Core.Procfs;
using LimitTop.Core.Tests.Live;
using LimitTop.Core.Why;
using Xunit.Abstractions;
using LimitTop.TestSupport;

namespace LimitTop.Core.Tests.Why;

/// <summary>
/// The kernel as the oracle of --why: set a limit that binds, ask the explanation for the binding check's headroom,
/// then make the explained process create threads until EAGAIN and compare the count with the headroom (±2 for
/// other tasks that come and go on the box). Kept far below 2,000 tasks.
/// </summary>
[Collection("live")]
public sealed class WhyLiveTests(ITestOutputHelper output)
{
    private static Explanation Explain(int pid)
    {
        var outcome = LimitTop.Core.Pipeline.FreshExplainer.Explain(ProcRoot.Default, pid);
        Assert.True(outcome.Explanation is not null, outcome.Problem);
        return outcome.Explanation!;
    }

    /// <summary>Sends "thread" until the child reports an error; returns how many succeeded and the errno.</summary>
    private static (int Created, string Error) ThreadsUntilRefused(LiveChild child, int bound)
    {
        for (int n = 0; n < bound; n++)
        {
            string r = child.Command("thread");
            if (r != "ok")
            {
                return (n, r);
            }
        }

        return (bound, "none");
    }

    [SkippableFact]
    public void Nproc_binds_and_its_headroom_is_what_the_kernel_allows()
    {
        Need.Root();
        int uid = LiveChild.FreeUid(11);
        using var child = LiveChild.Start(uid, uid, "40:40", threads: 6, files: 0, signals: 0, name: "why-nproc");

        var ex = Explain(child.Pid);
        Assert.Equal(CheckKind.Nproc, ex.Binding?.Kind);
        Assert.Equal((long?)6, ex.Binding!.Used);
        Assert.Equal((long?)40, ex.Binding.Max);
        Assert.Equal((long?)34, ex.Binding.Headroom);
        Assert.Null(ex.NprocExempt);
        Assert.StartsWith($"pid {child.Pid} (why-nproc, user {uid}) can start 34 more tasks: its own nproc soft limit 40 binds at 6 of 40", ex.Sentence);
        Assert.Equal([new ThreadGroup("ltchild", 5), new ThreadGroup("why-nproc", 1)], ex.ThreadNames); // threads keep the comm of exec; main renamed itself

        var (created, error) = ThreadsUntilRefused(child, 200);
        output.WriteLine($"nproc: headroom {ex.Binding.Headroom}, created {created} threads until {error}");
        Assert.Equal("err 11", error);
        Assert.InRange(created, ex.Binding.Headroom!.Value - 2, ex.Binding.Headroom.Value + 2);
        Assert.True(Explain(child.Pid).NextForkFails);
    }

    [SkippableFact]
    public void A_parent_pids_cgroup_binds_a_process_in_its_unlimited_child()
    {
        Need.Root();
        string parent = $"/sys/fs/cgroup/pids/limittop-why-{Environment.ProcessId}";
        string sub = parent + "/sub";
        Directory.CreateDirectory(parent);
        try
        {
            Directory.CreateDirectory(sub);
            File.WriteAllText(parent + "/pids.max", "30");
            using var child = LiveChild.Start(0, 0, OwnNproc(), threads: 1, files: 0, signals: 0, name: "why-pids");
            File.WriteAllText(sub + "/cgroup.procs", child.Pid.ToString(CultureInfo.InvariantCulture));
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal("ok", child.Command("thread"));
            }

            var ex = Explain(child.Pid);
            var b = ex.Binding!;
            Assert.Equal((CheckKind.PidsCgroup, "pids /" + Path.GetFileName(parent)), (b.Kind, b.Name));
            Assert.Equal(((long?)5, (long?)30, (long?)25), (b.Used, b.Max, b.Headroom));
            var own = ex.Checks.Single(c => c.Name == "pids /" + Path.GetFileName(parent) + "/sub");
            Assert.False(own.Applies); // pids.max "max": the ancestor decides
            Assert.Equal("uid 0", ex.NprocExempt);
            Assert.False(ex.Checks.Single(c => c.Kind == CheckKind.Nproc).Applies);

            var (created, error) = ThreadsUntilRefused(child, 100);
            output.WriteLine($"pids cgroup: headroom {b.Headroom}, created {created} threads until {error}");
            Assert.Equal("err 11", error);
            Assert.InRange(created, b.Headroom!.Value - 2, b.Headroom.Value + 2);
        }
        finally
        {
            CgroupDirectory.Remove(sub);
            CgroupDirectory.Remove(parent);
        }
    }

    [SkippableFact]
    public void Ambient_cap_sys_admin_exempts_one_process_of_a_user_past_its_limit()
    {
        Need.Root();
        int uid = LiveChild.FreeUid(23);
        // An ordinary process and an exempt one of the same user, limit 5 each …
        using var plain = LiveChild.Start(uid, uid, "5:5", threads: 1, files: 0, signals: 0, name: "why-plain");
        using var capped = StartWithAmbientSysAdmin(uid);
        Assert.Equal("CAP_SYS_ADMIN", Explain(capped.Pid).NprocExempt);
        for (int i = 0; i < 6; i++) // 3 tasks -> 9, past the limit
        {
            Assert.Equal("ok", capped.Command("thread"));
        }

        // … the ordinary one cannot fork, while the exempt one goes on.
        var stuck = Explain(plain.Pid);
        Assert.Equal(CheckKind.Nproc, stuck.Binding?.Kind);
        Assert.True(stuck.NextForkFails);
        Assert.Equal("err 11", plain.Command("thread"));

        var free = Explain(capped.Pid);
        Assert.False(free.NextForkFails);
        Assert.NotEqual(CheckKind.Nproc, free.Binding?.Kind);
        Assert.Contains("exempt from RLIMIT_NPROC (CAP_SYS_ADMIN)", free.Sentence);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal("ok", capped.Command("thread"));
        }
    }

    [SkippableFact]
    public void Threads_max_and_pid_numbers_equal_the_kernel_files()
    {
        Need.Root();
        using var child = LiveChild.Start(0, 0, OwnNproc(), threads: 3, files: 0, signals: 0, name: "why-sys");
        var ex = Explain(child.Pid);
        var tm = ex.Checks.Single(c => c.Kind == CheckKind.ThreadsMax);
        long threadsMax = long.Parse(File.ReadAllText("/proc/sys/kernel/threads-max").Trim(), CultureInfo.InvariantCulture);
        long tasks = long.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[3].Split('/')[1], CultureInfo.InvariantCulture);
        Assert.Equal(threadsMax, tm.Max);
        Assert.InRange(tm.Used!.Value, tasks - 50, tasks + 50); // other helpers' tasks come and go
        Assert.Equal(tm.Max - tm.Used, tm.Headroom);
        var maps = ex.Checks.Single(c => c.Kind == CheckKind.MapCount);
        int lines = File.ReadAllLines($"/proc/{child.Pid}/maps").Count(l => !l.EndsWith("[vsyscall]", StringComparison.Ordinal));
        Assert.Equal((long?)lines, maps.Used);
    }

    /// <summary>Our own nproc soft:hard (root here cannot raise it: no CAP_SYS_RESOURCE in the bounding set).</summary>
    private static string OwnNproc()
    {
        var row = File.ReadAllLines("/proc/self/limits").Single(l => l.StartsWith("Max processes", StringComparison.Ordinal));
        var f = row[26..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return f[0] + ":" + f[1];
    }

    private static LiveChild StartWithAmbientSysAdmin(int uid)
    {
        string u = uid.ToString(CultureInfo.InvariantCulture);
        return LiveChild.StartCommand("capsh", "--caps=cap_sys_admin,cap_setuid,cap_setgid,cap_setpcap+eip", "--keep=1",
            "--gid=" + u, "--uid=" + u, "--addamb=cap_sys_admin", "--",
            "-c", $"exec prlimit --nproc=5:5 -- {LiveChild.BinaryPath} 2 0 0 why-capped");
    }
}
