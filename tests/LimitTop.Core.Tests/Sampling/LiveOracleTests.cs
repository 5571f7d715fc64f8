using LimitTop.Core.Analysis;
using System.Globalization;
using System.Text.RegularExpressions;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Tests.Live;
using LimitTop.TestSupport;

namespace LimitTop.Core.Tests.Sampling;

/// <summary>
/// Live oracle tests (root): set up a child with known uid, limits, threads, fds and signals and compare the
/// sampler with the kernel's other witnesses (ps, /proc/PID/limits, ls /proc/PID/fd, SigQ, cgroup files).
/// The collection runs serially so counts per uid and per cgroup stay quiet.
/// </summary>
[Collection("live")]
public sealed partial class LiveOracleTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [SkippableFact]
    public void Child_under_prlimit_as_another_real_uid_matches_ps_limits_fd_and_sigq()
    {
        Need.Root();
        int ruid = LiveChild.FreeUid(0), euid = LiveChild.FreeUid(1);
        const int threads = 25, files = 6, signals = 4;
        using var child = LiveChild.Start(ruid, euid, "200:300", threads, files, signals, "lt) (x\n\u001b[2J");
        int pid = child.Pid;

        using var sampler = new Sampler(ProcRoot.Default);
        Assert.True(sampler.FdCountFromStat, "kernel 6.2+ gives the fd count as st_size of /proc/PID/fd");
        var s = DiagnosisBuilder.Diagnose(sampler.Sample());
        var p = s.Processes.Single(x => x.Pid == pid);
        var u = s.Users.Single(x => x.Uid == ruid);

        // Threads: the kernel's three witnesses and the number we started.
        int taskDir = Directory.GetDirectories($"/proc/{pid}/task").Length;
        int nlwp = int.Parse(LiveChild.Run("ps", "-o", "nlwp=", "-p", pid.ToString(Inv)).Trim(), Inv);
        Assert.Equal([threads, threads, threads], new[] { p.Threads, taskDir, nlwp });

        // The user's tasks as ps counts them by real uid (no other process has this uid).
        int psTasks = LiveChild.Run("ps", "-eLo", "ruid=").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Count(l => int.Parse(l.Trim(), Inv) == ruid);
        Assert.Equal((psTasks, 1), (u.Tasks, u.Processes));
        Assert.Equal(threads, u.Tasks);
        Assert.Equal((ruid, euid), (p.Uid, p.Euid));
        Assert.DoesNotContain(s.Users, x => x.Uid == euid); // charged to the real uid only

        // Limits: what prlimit set, as /proc/PID/limits shows it (parsed here with a regex, not LimitsParser).
        string limits = File.ReadAllText($"/proc/{pid}/limits");
        Assert.Equal(new LimitPair(200, 300), p.Limits!.Nproc);
        Assert.Equal(Oracle(limits, "Max processes"), p.Limits.Nproc);
        Assert.Equal(Oracle(limits, "Max open files"), p.Limits.Nofile);
        Assert.Equal(Oracle(limits, "Max pending signals"), p.Limits.Sigpending);
        Assert.Equal(new LimitRange(200, 200), u.Nproc);
        Assert.Equal(200L - threads, u.NprocHeadroom);

        // fds: stdin/stdout/stderr + the files it opened, as ls counts them.
        int ls = LiveChild.Run("ls", $"/proc/{pid}/fd").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.Equal([3 + files, 3 + files], new[] { p.Fds, ls });

        // SigQ: queued real-time signals of this user, and this process's sigpending limit.
        var sigq = Regex.Match(File.ReadAllText($"/proc/{pid}/status"), @"SigQ:\t(\d+)/(\d+)");
        Assert.Equal(signals, long.Parse(sigq.Groups[1].Value, Inv));
        Assert.Equal((long?)signals, p.SigQueued);
        Assert.Equal((long?)signals, u.SigQueued);
        Assert.Equal(long.Parse(sigq.Groups[2].Value, Inv), p.Limits.Sigpending.Soft);

        // The comm we set with prctl, escaped; the nproc finding for the user.
        Assert.Equal("lt) (x\\n\\e[2J", p.Name);
        var f = s.Diagnosis.Single(x => x.Scope.Key == "user:" + u.Name && x.Limit.Name() == "nproc");
        Assert.Equal((threads, (long?)200), (f.Used, f.Max));
        Assert.Equal(pid, f.CulpritPid);
    }

    [SkippableFact]
    public void At_the_nproc_limit_the_kernel_refuses_the_fork_the_diagnosis_predicts()
    {
        Need.Root();
        int uid = LiveChild.FreeUid(2);
        const int threads = 12;
        using var child = LiveChild.Start(uid, uid, $"{threads}:{threads}", threads, 0, 0, "atlimit");

        using var sampler = new Sampler(ProcRoot.Default);
        var s = DiagnosisBuilder.Diagnose(sampler.Sample());
        var u = s.Users.Single(x => x.Uid == uid);
        Assert.Equal((threads, 0L), (u.Tasks, u.NprocHeadroom));
        var f = s.Diagnosis.Single(x => x.Scope.Key == "user:" + u.Name && x.Limit.Name() == "nproc");
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Contains("the next fork fails", f.Message, StringComparison.Ordinal);

        Assert.Equal("err 11", child.Command("fork"));   // EAGAIN from RLIMIT_NPROC
        Assert.Equal("err 11", child.Command("thread"));
    }

    [SkippableFact]
    public void Pids_cgroup_matches_its_files_and_counts_the_rejected_fork()
    {
        Need.Root();
        var h = CgroupHierarchy.Detect();
        string name = "limittop-test-" + Guid.NewGuid().ToString("N")[..8];
        string parent = Path.Combine(h.Root, name), sub = Path.Combine(parent, "sub");
        const int threads = 5;
        LiveChild? child = null;
        try
        {
            Directory.CreateDirectory(parent);
            if (h.Version == 2)
            {
                File.WriteAllText(Path.Combine(parent, "cgroup.subtree_control"), "+pids");
            }

            Directory.CreateDirectory(sub);
            File.WriteAllText(Path.Combine(parent, "pids.max"), (threads + 3).ToString(Inv));
            int uid = LiveChild.FreeUid(3);
            child = LiveChild.Start(uid, uid, "1000:1000", threads, 0, 0, "incgroup");
            File.WriteAllText(Path.Combine(sub, "cgroup.procs"), child.Pid.ToString(Inv));

            using var sampler = new Sampler(ProcRoot.Default);
            var s1 = DiagnosisBuilder.Diagnose(sampler.Sample());
            string rel = "/" + name;
            Assert.Equal((rel + "/sub", h.Version), (s1.Processes.Single(x => x.Pid == child.Pid).Cgroup, s1.Processes.Single(x => x.Pid == child.Pid).CgroupVersion));
            var cSub = s1.Cgroups.Single(c => c.Path == rel + "/sub");
            var cParent = s1.Cgroups.Single(c => c.Path == rel);
            Assert.Equal((long)threads, ReadLong(sub, "pids.current"));
            Assert.Equal((ReadLong(sub, "pids.current"), (long?)null, (long?)3, rel, 1), (cSub.PidsCurrent, cSub.PidsMax, cSub.EffectiveHeadroom, cSub.BindingPath, cSub.Processes));
            Assert.Equal((ReadLong(parent, "pids.current"), (long?)(threads + 3)), (cParent.PidsCurrent, cParent.PidsMax));
            Assert.Equal(((long?)Events(sub), (long?)Events(parent), 0L, 0L), (cSub.ForkRejections, cParent.ForkRejections, cSub.ForkRejectionsSinceStart, cParent.ForkRejectionsSinceStart));

            // Tighten the ancestor to what is in use: the next fork is refused by the pids controller.
            File.WriteAllText(Path.Combine(parent, "pids.max"), threads.ToString(Inv));
            long before = Events(sub) + Events(parent);
            Assert.Equal("err 11", child.Command("fork"));
            Assert.Equal(before + 1, Events(sub) + Events(parent)); // v1 counts it in sub, v2 (6.11+) in parent

            var s2 = DiagnosisBuilder.Diagnose(sampler.Sample());
            cSub = s2.Cgroups.Single(c => c.Path == rel + "/sub");
            cParent = s2.Cgroups.Single(c => c.Path == rel);
            Assert.Equal(((long?)0, rel), (cSub.EffectiveHeadroom, cSub.BindingPath));
            Assert.Equal(((long?)Events(sub), (long?)Events(parent)), (cSub.ForkRejections, cParent.ForkRejections));
            Assert.Equal(1L, cSub.ForkRejectionsSinceStart + cParent.ForkRejectionsSinceStart);
            var f = s2.Diagnosis.Single(x => x.Scope.Key == "cgroup:" + rel);
            Assert.Equal(((long)threads, (long?)threads, Severity.Critical), (f.Used, f.Max, f.Severity));
            Assert.Contains("the next fork in it fails", f.Message, StringComparison.Ordinal);

            // Move it out again: the counts follow.
            File.WriteAllText(Path.Combine(h.Root, "cgroup.procs"), child.Pid.ToString(Inv));
            Assert.Equal(0L, ReadLong(sub, "pids.current"));
        }
        finally
        {
            child?.Dispose();
            RemoveCgroup(h.Root, sub);
            RemoveCgroup(h.Root, parent);
        }
    }

    [SkippableFact]
    public void System_gauges_match_proc_sys_and_loadavg()
    {
        using var sampler = new Sampler(ProcRoot.Default);
        long tasksBefore = LoadavgTasks();
        var s = DiagnosisBuilder.Diagnose(sampler.Sample());
        long tasksAfter = LoadavgTasks();
        var sys = s.System;

        Assert.Equal(ReadLong("/proc/sys/kernel", "threads-max"), sys.ThreadsMax);
        Assert.Equal(ReadLong("/proc/sys/kernel", "pid_max"), sys.PidMax);
        Assert.Equal(ReadLong("/proc/sys/fs", "nr_open"), sys.NrOpen);
        var fileNr = File.ReadAllText("/proc/sys/fs/file-nr").Split('\t', StringSplitOptions.TrimEntries);
        Assert.Equal(long.Parse(fileNr[2], Inv), sys.FileMax);
        Assert.InRange(sys.OpenFiles, long.Parse(fileNr[0], Inv) - 500, long.Parse(fileNr[0], Inv) + 500); // approximate per-CPU counter, churns

        // Tasks churn while other work runs (docs/kernel-limits.md §11): within the two readings around the sample, plus slack.
        const int slack = 64;
        Assert.InRange(sys.Tasks, Math.Min(tasksBefore, tasksAfter) - slack, Math.Max(tasksBefore, tasksAfter) + slack);
        Assert.InRange(s.Processes.Sum(p => (long)p.Threads), sys.Tasks - slack, sys.Tasks + slack);
        Assert.Equal(s.Processes.Sum(p => (long)p.Threads), s.Users.Sum(u => (long)u.Tasks));
        Assert.Equal(ReadLong("/proc/sys/vm", "overcommit_memory"), sys.OvercommitMode);
    }

    [SkippableFact]
    public void Processes_vanishing_mid_read_never_break_a_sample()
    {
        Need.Root();
        var psi = new System.Diagnostics.ProcessStartInfo(LiveChild.BinaryPath) { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("churn");
        psi.ArgumentList.Add("60000"); // longer than any sampling below: killed in finally
        using var churn = System.Diagnostics.Process.Start(psi)!;
        try
        {
            Assert.Equal("started", churn.StandardOutput.ReadLine());
            using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { SlowInterval = TimeSpan.Zero });
            var seenChildren = new HashSet<int>();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            int samples = 0;
            // 100 samples during the churn, however long a busy machine takes for them (60 s bound a hang)
            while (samples < 100 && sw.Elapsed < TimeSpan.FromSeconds(60))
            {
                var s = DiagnosisBuilder.Diagnose(sampler.Sample());
                samples++;
                Assert.Equal(s.Processes.Select(p => p.Pid).Distinct().Order(), s.Processes.Select(p => p.Pid));
                Assert.Equal(s.Processes.Sum(p => (long)p.Threads), s.Users.Sum(u => (long)u.Tasks));
                Assert.Equal(s.Processes.Count, s.Users.Sum(u => u.Processes));
                foreach (var p in s.Processes)
                {
                    Assert.True(p.Pid > 0 && p.Threads >= 1 && p.Uid >= 0, $"inconsistent {p}");
                    Assert.NotNull(p.Name);
                    if (p.Ppid == churn.Id)
                    {
                        seenChildren.Add(p.Pid);
                    }
                }
            }

            Assert.True(samples >= 50, $"only {samples} samples");
            Assert.True(seenChildren.Count >= 5, $"the churn was not seen ({seenChildren.Count} children)");
        }
        finally
        {
            try
            {
                churn.Kill();
            }
            catch (InvalidOperationException)
            {
            }

            churn.WaitForExit(5000);
        }
    }

    private static LimitPair Oracle(string limits, string name)
    {
        var m = Regex.Match(limits, "^" + name + @"\s+(\S+)\s+(\S+)", RegexOptions.Multiline);
        Assert.True(m.Success, name);
        static long? V(string v) => v == "unlimited" ? null : long.Parse(v, Inv);
        return new LimitPair(V(m.Groups[1].Value), V(m.Groups[2].Value));
    }

    private static long ReadLong(string dir, string file) => long.Parse(File.ReadAllText(Path.Combine(dir, file)).Trim(), Inv);

    private static long Events(string dir)
        => long.Parse(File.ReadAllText(Path.Combine(dir, "pids.events")).Split('\n')[0].Split(' ')[1], Inv);

    private static long LoadavgTasks() => long.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[3].Split('/')[1], Inv);

    private static void RemoveCgroup(string root, string dir)
    {
        // A killed task leaves the cgroup a moment after it is reaped; rmdir answers EBUSY until then.
        for (int i = 0; i < 150 && Directory.Exists(dir); i++)
        {
            try
            {
                foreach (string pid in File.ReadAllLines(Path.Combine(dir, "cgroup.procs")))
                {
                    File.WriteAllText(Path.Combine(root, "cgroup.procs"), pid); // only our child can be in it
                }

                Directory.Delete(dir);
            }
            catch (IOException)
            {
                Thread.Sleep(20);
            }
        }

        Assert.False(Directory.Exists(dir), $"could not remove {dir}");
    }

    private sealed record CgroupHierarchy(string Root, int Version)
    {
        public static CgroupHierarchy Detect()
        {
            if (File.Exists("/sys/fs/cgroup/pids/cgroup.procs"))
            {
                return new("/sys/fs/cgroup/pids", 1);
            }

            Assert.True(File.Exists("/sys/fs/cgroup/cgroup.controllers")
                && File.ReadAllText("/sys/fs/cgroup/cgroup.controllers").Split(' ', '\n').Contains("pids"),
                "no pids controller: neither /sys/fs/cgroup/pids (v1) nor pids in /sys/fs/cgroup/cgroup.controllers (v2)");
            File.WriteAllText("/sys/fs/cgroup/cgroup.subtree_control", "+pids");
            return new("/sys/fs/cgroup", 2);
        }
    }
}

[CollectionDefinition("live", DisableParallelization = true)]
public sealed class LiveCollection;
