using LimitTop.Core.Analysis;
using LimitTop.Core.Export;
using LimitTop.Core.Model;
using LimitTop.Core.Sampling;
using LimitTop.Core.Text;

namespace LimitTop.Core.Tests.Sampling;

/// <summary>
/// The sampler over Fixtures/proc-basic (hybrid: v1 pids + cgroup2 without pids) and Fixtures/proc-v2.
/// Expected numbers are worked out by hand from the fixture files (see make-fixtures.sh), not from the code.
/// </summary>
public sealed class SamplerFixtureTests
{
    private static Snapshot SampleOf(FixtureTree tree)
    {
        using var sampler = new Sampler(tree.Root);
        Assert.False(sampler.FdCountFromStat); // a fixture has no self/fd: fds come from listing PID/fd
        return DiagnosisBuilder.Diagnose(sampler.Sample());
    }

    [Fact]
    public void Processes_skip_vanished_and_truncated_and_keep_the_rest_exact()
    {
        using var tree = FixtureTree.Open("proc-basic");
        var s = SampleOf(tree);

        // 5001 has no status (vanished between readdir and read), 5002 has a truncated stat.
        Assert.Equal([1, 2, 777, 4242, 4300, 4301, 5000, 5003, 6000], s.Processes.Select(p => p.Pid));
        var p = s.Processes.ToDictionary(x => x.Pid);

        Assert.True(p[2].IsKernelThread);
        Assert.Null(p[2].Fds);
        Assert.Equal("", p[2].Cmdline);
        Assert.False(p[1].IsKernelThread);
        Assert.Null(p[1].Fds); // no fd dir captured: unknown, not 0
        Assert.Equal(13, p[1].Threads);
        Assert.Equal(7, p[777].Fds);

        var app = p[4242];
        Assert.Equal((1000, 1000, "bob", "myapp", 'S', 1632, 7), (app.Uid, app.Euid, app.User, app.Name, app.State, app.Threads, app.Fds));
        Assert.Equal(new ProcessLimits(new(1700, 3000), new(1024, 1024), new(7718, 7718)), app.Limits);
        Assert.Equal(("/user.slice/user-1000.slice/app.service", 1), (app.Cgroup, app.CgroupVersion));
        Assert.Null(app.CpuPercent); // first sample of the process
        long rssPages = long.Parse(System.IO.File.ReadAllText(tree.File("proc/4242/stat")).Split(") ")[1].Split(' ')[21], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(rssPages * Environment.SystemPageSize, app.RssBytes);

        Assert.Equal('Z', p[4301].State);
        Assert.Equal(1, p[4301].Threads);
        Assert.Null(p[4301].Fds);

        // Real uid 1001 with effective uid 0: charged to 1001. The name keeps ')' and has its controls escaped.
        var eve = p[5000];
        Assert.Equal((1001, 0, "eve"), (eve.Uid, eve.Euid, eve.User));
        Assert.Equal("a) (b\\n\\e[2J", eve.Name);
        Assert.Equal("a) (b\\n\\e[2J --serve", eve.Cmdline);
        Assert.Equal(5L, eve.SigQueued);
        Assert.Equal(60, eve.Fds);
        Assert.Equal(")", p[5003].Name);
        Assert.Equal("mal\\e[2Jory", p[6000].User);

        Assert.Equal(9, s.System.Processes);
        Assert.Empty(s.Warnings);
    }

    [Fact]
    public void Users_by_real_uid_with_ranges_and_headroom()
    {
        using var tree = FixtureTree.Open("proc-basic");
        var s = SampleOf(tree);

        Assert.Equal(["bob", "root", "eve", "mal\\e[2Jory"], s.Users.Select(u => u.Name));
        var u = s.Users.ToDictionary(x => x.Uid);

        // 1632 + 60 + the zombie's 1 = 1693 against the lowest soft nproc 1700.
        Assert.Equal((1693, 3, false), (u[1000].Tasks, u[1000].Processes, u[1000].Exempt));
        Assert.Equal(new LimitRange(1700, 1800), u[1000].Nproc);
        Assert.Equal(7L, u[1000].NprocHeadroom);
        Assert.Equal(4242, u[1000].TopPid);
        Assert.Equal(new NofileHolder(4242, "myapp", 7, 1024), u[1000].WorstNofile);

        // root: pid 1 (13 threads) + kthreadd + the captured child; exempt, no headroom.
        Assert.Equal((15, 3, true), (u[0].Tasks, u[0].Processes, u[0].Exempt));
        Assert.Null(u[0].NprocHeadroom);
        Assert.Equal(new LimitRange(96365, 96365), u[0].Nproc);

        Assert.Equal((3, 2), (u[1001].Tasks, u[1001].Processes));
        Assert.Equal(new LimitRange(100, 120), u[1001].Nproc);
        Assert.Equal(97L, u[1001].NprocHeadroom);
        Assert.Equal(5L, u[1001].SigQueued);
        Assert.Equal(new LimitRange(20, 96365), u[1001].Sigpending);
        Assert.Equal(new NofileHolder(5000, "a) (b\\n\\e[2J", 60, 64), u[1001].WorstNofile);

        Assert.Equal(4095L, u[1002].NprocHeadroom);
    }

    [Fact]
    public void V1_cgroups_with_effective_headroom_from_the_ancestor()
    {
        using var tree = FixtureTree.Open("proc-basic");
        var s = SampleOf(tree);

        // user.slice has pids.max "max" and holds no process directly: not listed. The root "/" has no files.
        Assert.Equal(["/user.slice/user-1000.slice", "/user.slice/user-1000.slice/app.service"], s.Cgroups.Select(c => c.Path));
        var slice = s.Cgroups[0];
        Assert.Equal((1, 1693L, (long?)1700, (long?)7, "/user.slice/user-1000.slice", 0), (slice.Version, slice.PidsCurrent, slice.PidsMax, slice.EffectiveHeadroom, slice.BindingPath, slice.Processes));
        var svc = s.Cgroups[1];
        Assert.Equal((1693L, (long?)null, (long?)7, "/user.slice/user-1000.slice", (long?)3, 0L, 3), (svc.PidsCurrent, svc.PidsMax, svc.EffectiveHeadroom, svc.BindingPath, svc.ForkRejections, svc.ForkRejectionsSinceStart, svc.Processes));
        Assert.Null(svc.ForkRejectionsLocal); // v1 has no pids.events.local
    }

    [Fact]
    public void Diagnosis_ranks_every_limit_and_names_the_culprit()
    {
        using var tree = FixtureTree.Open("proc-basic");
        var s = SampleOf(tree);

        Assert.Equal(
        [
            ("user:bob", "nproc"), ("cgroup:/user.slice/user-1000.slice", "pids.max"), ("user:eve", "nofile"),
            ("user:eve", "sigpending"), ("system", "threads-max"), ("system", "pid_max"), ("user:eve", "nproc"),
            ("user:bob", "nofile"), ("user:mal\\e[2Jory", "nofile"), ("user:root", "nofile"), ("user:mal\\e[2Jory", "nproc"),
            ("system", "file-max"), ("user:bob", "sigpending"), ("user:root", "sigpending"), ("user:mal\\e[2Jory", "sigpending"),
            ("user:root", "nproc"),
        ], s.Diagnosis.Select(f => (f.Scope.Key, f.Limit.Name())));

        var top = s.Diagnosis[0];
        Assert.Equal("user bob: 1,693 of 1,700 tasks (99%); soft limits 1,700–1,800 — 7 left; myapp pid 4242 holds 1,632 threads", top.Message);
        Assert.Equal((Severity.Critical, 1693L, (long?)1700, 4242), (top.Severity, top.Used, top.Max, top.CulpritPid));
        Assert.Equal("cgroup /user.slice/user-1000.slice: 1,693 of 1,700 tasks (pids.max, 99%); myapp pid 4242 holds 1,632 threads", s.Diagnosis[1].Message);
        Assert.Equal("user eve: a) (b\\n\\e[2J pid 5000 has 60 fds open, soft RLIMIT_NOFILE 64 (93%)", s.Diagnosis[2].Message);
        Assert.Equal("user eve: 5 of 20 queued signals (RLIMIT_SIGPENDING, 25%)", s.Diagnosis[3].Message);
        Assert.Equal(Severity.Ok, s.Diagnosis[3].Severity);
        Assert.Equal("system: 1,900 of 7,718 tasks (threads-max, 24%), root included; myapp pid 4242 holds 1,632 threads", s.Diagnosis[4].Message);
        Assert.Equal("user root: 15 tasks — real uid 0 is exempt from RLIMIT_NPROC", s.Diagnosis[^1].Message);
        Assert.Null(s.Diagnosis[^1].Percent);
    }

    [Fact]
    public void System_gauges_come_from_the_tree()
    {
        using var tree = FixtureTree.Open("proc-basic");
        var sys = SampleOf(tree).System;
        Assert.Equal(("fixture", 1900L, 7718L, 32768L, 1056L, long.MaxValue, (long?)1048576, 0),
            (sys.Hostname, sys.Tasks, sys.ThreadsMax, sys.PidMax, sys.OpenFiles, sys.FileMax, sys.NrOpen, sys.OvercommitMode));

        // PID numbers: the tree's tasks at 300 and above (777, 4242, 4300, 4301, 5000, 5003, 6000: 1 + 1632 + 60 + 1 +
        // 2 + 1 + 1; pid 1's 13 threads have no task/ directory in the tree, so they count by its pid, below 300)
        // plus session 2949 and group 8375, whose leaders are not in the tree
        Assert.Equal((1698L + 2, 32768L - 300, 300, 2), (sys.PidsUsed, sys.PidsUsable, sys.PidsLowest, sys.PidsHeldByGroups));
        Assert.Equal((0.52, 0.58, 0.59), (sys.LoadAverage1, sys.LoadAverage5, sys.LoadAverage15));
        Assert.Equal(TimeSpan.FromSeconds(5000.25), sys.Uptime);
    }

    [Fact]
    public void Once_text_has_no_control_bytes_but_newlines_and_shows_escaped_names()
    {
        using var tree = FixtureTree.Open("proc-basic");
        string text = TextExport.Render(SampleOf(tree));
        Assert.DoesNotContain(text, c => c != '\n' && SafeText.IsControl(c));
        Assert.Contains("a) (b\\n\\e[2J --serve", text, StringComparison.Ordinal);
        Assert.Contains("mal\\e[2Jory", text, StringComparison.Ordinal);
        Assert.Contains("[CRIT] user bob: 1,693 of 1,700 tasks (99%)", text, StringComparison.Ordinal);
        foreach (string section in new[] { "System\n", "Users (", "Cgroups (", "Top processes by threads\n", "Diagnosis (" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }

        string json = JsonExport.Serialize(SampleOf(tree));
        Assert.DoesNotContain(json, c => c != '\n' && SafeText.IsControl(c));
        Assert.Contains("a) (b\\\\n\\\\e[2J", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_cgroup_path_is_escaped_in_text()
    {
        using var tree = FixtureTree.Copy("proc-basic");
        // /proc/PID/cgroup prints a cgroup name raw (any byte but '/' and NUL); ESC must not reach the terminal.
        string evil = "/user.slice/x\u001b[2J\u009by";
        Directory.CreateDirectory(tree.File("sys/fs/cgroup/pids" + evil));
        System.IO.File.WriteAllText(tree.File("sys/fs/cgroup/pids" + evil + "/pids.current"), "2\n");
        System.IO.File.WriteAllText(tree.File("sys/fs/cgroup/pids" + evil + "/pids.max"), "4\n");
        System.IO.File.WriteAllText(tree.File("proc/6000/cgroup"), "8:pids:" + evil + "\n");

        var s = SampleOf(tree);
        Assert.Contains(s.Cgroups, c => c.Path == evil && c.PidsMax == 4); // the raw path still finds the files
        string text = TextExport.Render(s);
        Assert.DoesNotContain(text, c => c != '\n' && SafeText.IsControl(c));
        Assert.Contains("x\\e[2J\\x9by", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fork_rejections_since_start_rise_with_pids_events()
    {
        using var tree = FixtureTree.Copy("proc-basic");
        using var sampler = new Sampler(tree.Root);
        var first = DiagnosisBuilder.Diagnose(sampler.Sample()).Cgroups.Single(c => c.Path.EndsWith("app.service", StringComparison.Ordinal));
        Assert.Equal(((long?)3, 0L), (first.ForkRejections, first.ForkRejectionsSinceStart));

        System.IO.File.WriteAllText(tree.File("sys/fs/cgroup/pids/user.slice/user-1000.slice/app.service/pids.events"), "max 8\n");
        System.IO.File.WriteAllText(tree.File("sys/fs/cgroup/pids/user.slice/user-1000.slice/pids.current"), "1700\n");
        var s = DiagnosisBuilder.Diagnose(sampler.Sample());
        var svc = s.Cgroups.Single(c => c.Path.EndsWith("app.service", StringComparison.Ordinal));
        Assert.Equal(((long?)8, 5L, (long?)0), (svc.ForkRejections, svc.ForkRejectionsSinceStart, svc.EffectiveHeadroom));
        Assert.Contains("the next fork in it fails", s.Diagnosis.Single(f => f.Limit.Name() == "pids.max").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_process_that_vanishes_or_is_replaced_between_samples()
    {
        using var tree = FixtureTree.Copy("proc-basic");
        using var sampler = new Sampler(tree.Root);
        DiagnosisBuilder.Diagnose(sampler.Sample());

        Directory.Delete(tree.File("proc/4300"), recursive: true);
        // pid 6000 reused by a new process: other start time, so no CPU % against the old one's ticks
        string stat = System.IO.File.ReadAllText(tree.File("proc/6000/stat"));
        var fields = stat.Split(' ');
        fields[21] = "99999";
        System.IO.File.WriteAllText(tree.File("proc/6000/stat"), string.Join(' ', fields));

        var s = DiagnosisBuilder.Diagnose(sampler.Sample());
        Assert.DoesNotContain(s.Processes, p => p.Pid == 4300);
        Assert.Equal(1633, s.Users.Single(u => u.Uid == 1000).Tasks);
        Assert.Null(s.Processes.Single(p => p.Pid == 6000).CpuPercent);
        Assert.NotNull(s.Processes.Single(p => p.Pid == 4242).CpuPercent);
    }

    [Fact]
    public void A_process_being_reaped_shows_no_threads_and_is_not_counted()
    {
        using var tree = FixtureTree.Copy("proc-basic");
        int before = SampleOf(tree).Users.Single(u => u.Uid == 1000).Tasks;
        string status = System.IO.File.ReadAllText(tree.File("proc/4300/status"));
        int threads = int.Parse(System.Text.RegularExpressions.Regex.Match(status, @"Threads:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        // release_task() has run: the kernel reports Threads: 0 for the instant before the pid disappears
        System.IO.File.WriteAllText(tree.File("proc/4300/status"), System.Text.RegularExpressions.Regex.Replace(status, @"Threads:\s+\d+", "Threads:\t0"));

        var s = SampleOf(tree);
        Assert.DoesNotContain(s.Processes, p => p.Pid == 4300);
        Assert.Equal(before - threads, s.Users.Single(u => u.Uid == 1000).Tasks);
    }

    [Fact]
    public void Kernel_threads_are_known_from_stat_flags_without_reading_status()
    {
        using var tree = FixtureTree.Copy("proc-basic");
        System.IO.File.Delete(tree.File("proc/2/status"));
        var s = SampleOf(tree);
        var k = s.Processes.Single(p => p.Pid == 2);
        Assert.Equal((true, 0, 0, 1, "kthreadd", 'S'), (k.IsKernelThread, k.Uid, k.Euid, k.Threads, k.Name, k.State));
        Assert.Equal(15, s.Users.Single(u => u.Uid == 0).Tasks);
    }

    [Fact]
    public void V2_layout()
    {
        using var tree = FixtureTree.Open("proc-v2");
        var s = SampleOf(tree);

        Assert.Equal([100, 101, 200], s.Processes.Select(p => p.Pid));
        Assert.All(s.Processes, p => Assert.Equal(2, p.CgroupVersion));
        Assert.Equal([(33, "33", 50, 2), (999, "999", 48, 1)], s.Users.Select(u => (u.Uid, u.Name, u.Tasks, u.Processes)));
        Assert.Equal(new LimitRange(null, null), s.Users[0].Nproc); // unlimited everywhere
        Assert.Null(s.Users[0].NprocHeadroom);

        // system.slice: 100 − 98 = 2 binds both services; ties go by pids.current.
        Assert.Equal(
        [
            ("/system.slice", 98L, (long?)100, (long?)2, "/system.slice", (long?)4, (long?)0),
            ("/system.slice/nginx.service", 50L, (long?)64, (long?)2, "/system.slice", (long?)4, (long?)4),
            ("/system.slice/db.service", 48L, (long?)null, (long?)2, "/system.slice", (long?)0, (long?)0),
        ], s.Cgroups.Select(c => (c.Path, c.PidsCurrent, c.PidsMax, c.EffectiveHeadroom, c.BindingPath, c.ForkRejections, c.ForkRejectionsLocal)));
        Assert.Equal([0, 2, 1], s.Cgroups.Select(c => c.Processes));
        Assert.Equal(("cgroup:/system.slice", 98.0), (s.Diagnosis[0].Scope.Key, s.Diagnosis[0].Percent));
        // Two copies of nginx hold more than the single largest process (db, 48): the program is named, not a copy.
        Assert.Equal("cgroup /system.slice: 98 of 100 tasks (pids.max, 98%); nginx ×2 (user 33) holds 50 of 100 tasks; the largest, pid 100, has 40 threads", s.Diagnosis[0].Message);
    }
}
