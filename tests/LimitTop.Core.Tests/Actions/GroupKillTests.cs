using Xunit.Abstractions;
using LimitTop.Core.Actions;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using static LimitTop.Core.Tests.Actions.ActionTestSupport;
using static LimitTop.TestSupport.Snapshots;
using LimitTop.TestSupport;

namespace LimitTop.Core.Tests.Actions;

public sealed class GroupKillTests(ITestOutputHelper output)
{
    private static readonly LimitTop.Core.Model.Snapshot Five = Snap(Enumerable.Range(10, 5).Select(p => Member(p, 1000, "hog", "/tmp/hog")));

    private static KillTarget Group() => KillTargets.SameCommand(Five, 10, 999)!;

    [SkippableFact]
    public void Repeats_until_a_forking_group_is_gone_and_says_so()
    {
        // Round 1 sees 10..14, the group forks 20 and 21 meanwhile, round 2 gets them, then none is left.
        var scans = new[] { new[] { 10, 11, 12, 13, 14 }, [20, 21], [] };
        var scanner = new FakeScanner(i => scans[Math.Min(i, scans.Length - 1)]);
        var sys = new FakeSyscalls();
        var kill = new GroupKill(Group(), Signals.Kill, scanner, new SignalSender(sys), new ManualTime());

        var p1 = kill.Step();
        Assert.Equal(KillOutcome.Running, p1.Outcome);
        Assert.Equal(2, p1.Remaining);
        var p2 = kill.Step();
        Assert.Equal(KillOutcome.AllGone, p2.Outcome);
        Assert.Equal("killed 7 processes with KILL in 2 rounds", p2.Message);
        Assert.Equal([10, 11, 12, 13, 14, 20, 21], sys.Kills.Select(k => k.Pid));
        Assert.All(sys.Kills, k => Assert.Equal(9, k.Signal));
        Assert.Same(p2, kill.Step()); // finished: nothing more happens
        Assert.Equal(7, sys.Kills.Count);
    }

    [SkippableFact]
    public void Stops_at_the_round_bound_and_says_how_many_are_left()
    {
        var scanner = new FakeScanner(_ => [10, 11]); // they ignore TERM
        var sys = new FakeSyscalls();
        var kill = new GroupKill(Group(), Signals.Term, scanner, new SignalSender(sys), new ManualTime(), new GroupKillOptions { MaxRounds = 20 });
        KillProgress p;
        int steps = 0;
        do
        {
            p = kill.Step();
            steps++;
        }
        while (!p.Finished && steps < 100);

        Assert.Equal(KillOutcome.BoundReached, p.Outcome);
        Assert.Equal(21, steps);
        Assert.Equal(40, sys.Kills.Count);
        Assert.StartsWith("still 2 processes left after 20 rounds", p.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Stops_at_the_time_bound()
    {
        var time = new ManualTime();
        var kill = new GroupKill(Group(), Signals.Kill, new FakeScanner(_ => [10]), new SignalSender(new FakeSyscalls()), time);
        Assert.False(kill.Step().Finished);
        time.Advance(TimeSpan.FromSeconds(2.5));
        var p = kill.Step();
        Assert.Equal(KillOutcome.BoundReached, p.Outcome);
        Assert.Equal(1, p.Rounds);
        Assert.Contains("(2.5s)", p.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void All_denied_finishes_with_not_permitted()
    {
        var sys = new FakeSyscalls();
        sys.KillErrno[10] = 1;
        sys.KillErrno[11] = 1;
        var kill = new GroupKill(Group(), Signals.Kill, new FakeScanner(_ => [10, 11]), new SignalSender(sys), new ManualTime());
        var p = kill.Step();
        Assert.Equal(KillOutcome.NotPermitted, p.Outcome);
        Assert.Equal(2, p.Denied);
        Assert.Contains("operation not permitted", p.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Non_terminating_signal_is_sent_once_to_each_member()
    {
        var sys = new FakeSyscalls();
        sys.KillErrno[12] = 1;
        sys.KillErrno[13] = 3; // exited meanwhile: not an error worth showing
        var kill = new GroupKill(Group(), Signals.Stop, new FakeScanner(_ => [10, 11, 12, 13]), new SignalSender(sys, self: new SelfCredentials(1000, 0)), new ManualTime());
        var p = kill.Step();
        Assert.Equal(KillOutcome.Sent, p.Outcome);
        Assert.Equal("sent STOP (19) to 2 processes; 1 not permitted (another user's; needs root with CAP_KILL)", p.Message);
        Assert.Equal(4, sys.Kills.Count);
    }

    [SkippableFact]
    public void Empty_group_says_nothing_is_left()
    {
        var p = new GroupKill(Group(), Signals.Kill, new FakeScanner(_ => []), new SignalSender(new FakeSyscalls()), new ManualTime()).Step();
        Assert.Equal(KillOutcome.Failed, p.Outcome);
        Assert.Equal("KILL: no process left in the group", p.Message);
    }

    [SkippableFact]
    public void Single_process_refuses_a_reused_pid()
    {
        var t = KillTargets.Single(Five, 10)! with { Selected = new ProcessRef(10, 5) }; // the scanner reports start 1010
        var sys = new FakeSyscalls();
        var p = new GroupKill(t, Signals.Kill, new FakeScanner(_ => []), new SignalSender(sys), new ManualTime()).Step();
        Assert.Equal(KillOutcome.Failed, p.Outcome);
        Assert.Contains("PID was reused", p.Message, StringComparison.Ordinal);
        Assert.Empty(sys.Kills);
    }

    [SkippableFact]
    public void Live_single_kill_of_a_child()
    {
        var child = Start("sleep", "300");
        try
        {
            using var scanner = new ProcessScanner(ProcRoot.Default);
            using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { ReadFds = false });
            var t = KillTargets.Single(sampler.Sample(), child.Id)!;
            var p = new GroupKill(t, Signals.Term, scanner).Step();
            Assert.Equal(KillOutcome.Sent, p.Outcome);
            Assert.Equal($"sent TERM (15) to pid {child.Id} (sleep)", p.Message);
            Assert.True(child.WaitForExit(30_000));
        }
        finally
        {
            KillQuietly(child);
        }
    }

    [SkippableFact]
    public void Live_five_copies_killed_in_one_action()
    {
        string exe = UniqueSleep(out string dir);
        var children = new List<System.Diagnostics.Process>();
        try
        {
            for (int i = 0; i < 5; i++)
            {
                children.Add(Start(exe, "300"));
            }

            var other = Start("sleep", "300"); // same user, different command: must survive
            children.Add(other);
            Eventually.Until(() => children.All(c => File.Exists($"/proc/{c.Id}/cmdline") && File.ReadAllText($"/proc/{c.Id}/cmdline").Length > 0), "every child to have a command line");

            using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { ReadFds = false });
            var target = KillTargets.SameCommand(sampler.Sample(), children[2].Id)!;
            Assert.Equal(children.Take(5).Select(c => c.Id).Order(), target.Members.Select(m => m.Pid));
            Assert.StartsWith($"5 processes '{Path.GetFileName(exe)}' ({exe}) of root", target.Description, StringComparison.Ordinal);

            using var scanner = new ProcessScanner(ProcRoot.Default);
            var kill = new GroupKill(target, Signals.Kill, scanner);
            var p = Drive(kill);
            output.WriteLine($"{target.Description}: {p.Message} ({p.Elapsed.TotalMilliseconds:0} ms)");
            Assert.Equal(KillOutcome.AllGone, p.Outcome);
            Assert.Equal(5, p.Signalled);
            Assert.StartsWith("killed 5 processes with KILL in ", p.Message, StringComparison.Ordinal);
            Assert.All(children.Take(5), c => Assert.True(c.WaitForExit(30_000)));
            Assert.False(other.HasExited);
        }
        finally
        {
            children.ForEach(KillQuietly);
            Directory.Delete(dir, true);
        }
    }

    [SkippableFact]
    public void Live_forking_group_in_a_v1_pids_cgroup_ends_with_none_left()
    {
        const string V1 = "/sys/fs/cgroup/pids";
        Need.Root();
        Need.Platform(File.Exists(Path.Combine(V1, "cgroup.procs")), "no cgroup v1 pids hierarchy at " + V1 + " (the v2 test covers cgroup.kill)");

        string name = "limittop-test-" + Guid.NewGuid().ToString("N")[..8];
        string dir = Path.Combine(V1, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "pids.max"), "200"); // bounds the loop even if the test fails
        System.Diagnostics.Process? bash = null;
        try
        {
            // Moves itself into the cgroup, then forks a long sleep every 10 ms for as long as it lives.
            bash = Start("bash", "-c", $"echo $$ > {dir}/cgroup.procs; while :; do sleep 100 & sleep 0.01; done");
            Eventually.Until(() => long.Parse(File.ReadAllText(Path.Combine(dir, "pids.current")).Trim(), System.Globalization.CultureInfo.InvariantCulture) >= 10, "pids.current to reach 10 (the children are in the cgroup)");

            using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { ReadFds = false });
            var target = KillTargets.Cgroup(sampler.Sample(), bash.Id)!;
            Assert.Equal("/" + name, target.CgroupPath);
            Assert.Equal(1, target.CgroupVersion);
            Assert.True(target.Count >= 5, target.Description);

            using var scanner = new ProcessScanner(ProcRoot.Default);
            var p = Drive(new GroupKill(target, Signals.Kill, scanner));
            output.WriteLine($"{target.Description}: {p.Message} ({p.Elapsed.TotalMilliseconds:0} ms)");
            Assert.Equal(KillOutcome.AllGone, p.Outcome);
            Assert.False(p.UsedCgroupKill); // v1 has no cgroup.kill
            // The snapshot may hold the loop's current `sleep 0.01`, which can exit by itself before the
            // signal (ESRCH is not counted as signalled): at most one member of the target is that one.
            Assert.True(p.Signalled >= target.Count - 1, $"{p.Message}; target held {target.Count}");
            Assert.Matches(@"^killed \d+ processes with KILL in \d+ rounds?$", p.Message);
            Assert.True(bash.WaitForExit(30_000), "bash ends with its group (bounds a hang)");
            Eventually.Until(() => File.ReadAllText(Path.Combine(dir, "cgroup.procs")).Trim().Length == 0, "cgroup.procs to empty");
        }
        finally
        {
            KillQuietly(bash);
            KillCgroupAndRemove(dir);
        }
    }

    [SkippableFact]
    public void Live_forking_group_in_a_v2_cgroup_is_killed_with_cgroup_kill()
    {
        string? v2 = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "/sys/fs/cgroup"
            : File.Exists("/sys/fs/cgroup/unified/cgroup.controllers") ? "/sys/fs/cgroup/unified" : null;
        Need.Root();
        Need.Platform(v2 is not null, "no cgroup v2 (unified) hierarchy mounted on this machine (the v1 test covers the signal rounds)");

        string name = "limittop-test-" + Guid.NewGuid().ToString("N")[..8];
        string dir = Path.Combine(v2!, name);
        Directory.CreateDirectory(dir);
        bool hasKill = File.Exists(Path.Combine(dir, "cgroup.kill"));
        if (!hasKill)
        {
            Directory.Delete(dir);
        }

        Need.Platform(hasKill, "no cgroup.kill: kernel older than 5.14 (the v1 test covers the signal rounds)");

        System.Diagnostics.Process? bash = null;
        try
        {
            bash = Start("bash", "-c", $"echo $$ > {dir}/cgroup.procs; while :; do sleep 100 & sleep 0.01; done");
            Eventually.Until(() => File.ReadAllLines(Path.Combine(dir, "cgroup.procs")).Length >= 10, "cgroup.procs to hold the 10 children");

            // The sampler puts processes in v2 only when pids is enabled there; build the target the dialog would.
            var target = new KillTarget
            {
                Scope = KillScope.Cgroup,
                Selected = new ProcessRef(bash.Id, StartTicks(bash.Id)),
                Members = [.. File.ReadAllLines(Path.Combine(dir, "cgroup.procs")).Select(l => new ProcessRef(int.Parse(l, System.Globalization.CultureInfo.InvariantCulture), 0))],
                Uid = 0,
                User = "root",
                Name = "bash",
                Argv0 = "bash",
                CgroupPath = "/" + name,
                CgroupVersion = 2,
                Description = "test",
            };
            using var scanner = new ProcessScanner(ProcRoot.Default);
            Assert.Equal(Path.Combine(dir, "cgroup.kill"), scanner.CgroupKillPath(target));
            var p = Drive(new GroupKill(target, Signals.Kill, scanner));
            output.WriteLine($"{target.Description}: {p.Message} ({p.Elapsed.TotalMilliseconds:0} ms)");
            Assert.Equal(KillOutcome.AllGone, p.Outcome);
            Assert.True(p.UsedCgroupKill);
            Assert.Matches(@"^killed \d+ processes with cgroup.kill$", p.Message);
            Assert.True(bash.WaitForExit(30_000), "bash ends with its group (bounds a hang)");
            Eventually.Until(() => File.ReadAllText(Path.Combine(dir, "cgroup.procs")).Trim().Length == 0, "cgroup.procs to empty");
        }
        finally
        {
            KillQuietly(bash);
            KillCgroupAndRemove(dir);
        }
    }

    /// <summary>What the UI timer does: step until finished (the test thread may sleep; the product never does).</summary>
    private static KillProgress Drive(GroupKill kill)
    {
        var p = kill.Step();
        for (int i = 0; i < 200 && !p.Finished; i++)
        {
            Thread.Sleep(50);
            p = kill.Step();
        }

        return p;
    }

    private static void KillCgroupAndRemove(string dir)
    {
        for (int attempt = 0; attempt < 100 && Directory.Exists(dir); attempt++)
        {
            try
            {
                foreach (string line in File.ReadAllLines(Path.Combine(dir, "cgroup.procs")))
                {
                    if (int.TryParse(line, out int pid))
                    {
                        new SignalSender().Send(pid, Signals.Kill);
                    }
                }

                Directory.Delete(dir);
            }
            catch (IOException)
            {
                Thread.Sleep(50); // EBUSY until the last task is released
            }
        }
    }
}
