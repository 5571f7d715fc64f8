using System.Diagnostics;
using System.Globalization;
using LimitTop.Core.Actions;
using LimitTop.Core.Cgroups;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Tests.Live;
using LimitTop.Core.Trends;
using Xunit.Abstractions;
using static LimitTop.Core.Tests.Hostile.CmdlineCapTests;
using LimitTop.TestSupport;

namespace LimitTop.Core.Tests.Hostile;

/// <summary>
/// Live, as root, on the v1 pids hierarchy (cgroups /sys/fs/cgroup/pids/lt_secmem_*, removed in finally): a child
/// cgroup named <c>\xff</c> does not escape "kill the whole cgroup" (issue 24, finding 5); a cgroup made after the
/// first sample counts its rejections from 0 (issue 26); the pids.events baselines stay bounded under cgroup churn
/// (issue 24, finding 2).
/// </summary>
public sealed class CgroupHostileTests(ITestOutputHelper output)
{
    private const string V1 = "/sys/fs/cgroup/pids";

    [SkippableFact]
    public void A_child_cgroup_named_xff_does_not_escape_the_group_kill()
    {
        RequireV1();
        string name = "lt_secmem_grp_" + Guid.NewGuid().ToString("N")[..6];
        string dir = Path.Combine(V1, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "pids.max"), "50"); // bounds everything below even if the test fails
        var started = new List<Process>();
        try
        {
            Assert.Equal("", LiveChild.Run("bash", "-c", "mkdir -- \"$1/$(printf '\\xff')\" && echo 50 > \"$1/$(printf '\\xff')/pids.max\"", "_", dir).Trim());
            started.Add(Process.Start(new ProcessStartInfo("bash", ["-c", "echo $$ > \"$1/cgroup.procs\" && exec sleep 300", "_", dir]) { UseShellExecute = false })!);
            var hog = Process.Start(new ProcessStartInfo("bash", ["-c", "echo $$ > \"$1/$(printf '\\xff')/cgroup.procs\" && while :; do sleep 300; done", "_", dir]) { UseShellExecute = false })!;
            started.Add(hog);
            Assert.True(Wait(() => Members(dir) == 3), "the parent's sleep, the hog and its sleep are in place");

            using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { ReadFds = false });
            var target = KillTargets.Cgroup(sampler.Sample(), started[0].Id)!;
            Assert.Equal("/" + name, target.CgroupPath);
            Assert.Equal(3, target.Count);

            using var scanner = new ProcessScanner(ProcRoot.Default);
            var kill = new GroupKill(target, Signals.Kill, scanner);
            var p = kill.Step();
            for (int i = 0; i < 200 && !p.Finished; i++)
            {
                Thread.Sleep(50);
                p = kill.Step();
            }

            output.WriteLine(p.Message);
            Assert.Equal(KillOutcome.AllGone, p.Outcome);
            Assert.Equal(3, p.Signalled);
            Assert.True(hog.WaitForExit(30_000), "the hog in /\\xff is gone");
            Assert.Equal(0, Members(dir));
        }
        finally
        {
            foreach (var c in started)
            {
                KillQuietly(c);
            }

            LiveChild.Run("bash", "-c", "for i in $(seq 100); do rmdir -- \"$1/$(printf '\\xff')\" 2>/dev/null && break; sleep 0.05; done; true", "_", dir);
            RemoveCgroup(dir);
        }
    }

    [SkippableFact]
    public void A_cgroup_made_after_the_first_sample_counts_its_rejections_from_zero()
    {
        RequireV1();
        string old = Path.Combine(V1, "lt_secmem_old_" + Guid.NewGuid().ToString("N")[..6]);
        string young = Path.Combine(V1, "lt_secmem_new_" + Guid.NewGuid().ToString("N")[..6]);
        var started = new List<Process>();
        try
        {
            // A cgroup with refusals before limittop starts: those are history, not events.
            Directory.CreateDirectory(old);
            File.WriteAllText(Path.Combine(old, "pids.max"), "4");
            var oldFiller = FiveChildrenAtOnce(old);
            started.Add(oldFiller);
            Assert.Equal(2, FailedForks(oldFiller));

            using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { ReadFds = false });
            var events = new ForkEvents();
            var log = new EventLog(50);
            events.Observe(sampler.Sample(), log);

            // Made after the first sample, with pids.max 4, and five children at once: two forks refused in its first second.
            Directory.CreateDirectory(young);
            File.WriteAllText(Path.Combine(young, "pids.max"), "4");
            var youngFiller = FiveChildrenAtOnce(young);
            started.Add(youngFiller);
            Assert.Equal(2, FailedForks(youngFiller));
            long oracle = EventsMax(young);

            var s = sampler.Sample();
            events.Observe(s, log);
            var cYoung = s.Cgroups.Single(c => c.Path == "/" + Path.GetFileName(young));
            var cOld = s.Cgroups.Single(c => c.Path == "/" + Path.GetFileName(old));
            Assert.Equal((oracle, oracle, true), (cYoung.ForkRejections ?? -1, cYoung.ForkRejectionsSinceStart, cYoung.CountsFromZero));
            Assert.Equal((EventsMax(old), 0L, false), (cOld.ForkRejections ?? -1, cOld.ForkRejectionsSinceStart, cOld.CountsFromZero));
            var rejected = log.Recent.Where(e => e.Kind == TrendEvent.ForkRejected).ToList();
            var only = Assert.Single(rejected);
            Assert.Equal(("cgroup:/" + Path.GetFileName(young), oracle), (only.Scope.Key, only.Count));
        }
        finally
        {
            foreach (var c in started)
            {
                KillQuietly(c);
            }

            RemoveCgroup(young);
            RemoveCgroup(old);
        }
    }

    [SkippableFact]
    public void The_events_baselines_stay_bounded_under_cgroup_churn()
    {
        RequireV1();
        using var fs = CgroupFs.Open("/sys");
        var reader = new CgroupUsageReader(fs);
        reader.Read([]);
        string prefix = "lt_secmem_churn_" + Guid.NewGuid().ToString("N")[..6] + "_";
        for (int round = 0; round < 5; round++)
        {
            var made = new List<string>();
            try
            {
                for (int i = 0; i < 40; i++)
                {
                    string dir = Path.Combine(V1, prefix + round + "_" + i);
                    Directory.CreateDirectory(dir);
                    made.Add(dir);
                }

                // As if a process sat in each: the reader reads their pids files and keeps a baseline each.
                var rows = made.Select((d, i) => LimitTop.TestSupport.Snapshots.Member(100_000 + i, 0, "x", "x", "/" + Path.GetFileName(d), 1)).ToList();
                Assert.Equal(40, reader.Read(rows).Count(c => c.Path.StartsWith("/" + prefix, StringComparison.Ordinal)));
            }
            finally
            {
                made.ForEach(RemoveCgroup);
            }
        }

        Assert.True(reader.Baselines >= 40, $"{reader.Baselines} baselines while the cgroups were listed");
        for (int i = 0; i <= CgroupUsageReader.KeepUnseenSamples + 1; i++)
        {
            reader.Read([]);
        }

        Assert.Equal(0, reader.Baselines);
    }

    private static void RequireV1()
    {
        Need.Root();
        // As LiveChild.RequireRoot: this VM has the v1 pids hierarchy; elsewhere the test says why it cannot run.
        Assert.True(File.Exists(Path.Combine(V1, "cgroup.procs")), "needs the v1 pids hierarchy at /sys/fs/cgroup/pids (v2 is tested on fixtures)");
    }

    /// <summary>python3 moves itself into <paramref name="dir"/> and forks five sleeping children at once; prints how many forks failed.</summary>
    private static Process FiveChildrenAtOnce(string dir)
    {
        const string Script = """
            import os, sys, time
            with open(sys.argv[1] + "/cgroup.procs", "w") as f:
                f.write(str(os.getpid()))
            failed = 0
            for i in range(5):
                try:
                    if os.fork() == 0:
                        time.sleep(300)
                        os._exit(0)
                except OSError:
                    failed += 1
            print(failed, flush=True)
            time.sleep(300)
            """;
        return Process.Start(new ProcessStartInfo("python3", ["-c", Script, dir]) { UseShellExecute = false, RedirectStandardOutput = true })!;
    }

    private static int FailedForks(Process filler)
    {
        var line = filler.StandardOutput.ReadLineAsync();
        Assert.True(line.Wait(TimeSpan.FromSeconds(60)), "the filler reported");
        return int.Parse(line.Result!, CultureInfo.InvariantCulture);
    }

    private static long EventsMax(string dir)
        => long.Parse(File.ReadAllText(Path.Combine(dir, "pids.events")).Split(' ', '\n')[1], CultureInfo.InvariantCulture);

    private static int Members(string dir)
        => int.Parse(LiveChild.Run("bash", "-c", "cat \"$1/cgroup.procs\" \"$1/$(printf '\\xff')/cgroup.procs\" | wc -l", "_", dir).Trim(), CultureInfo.InvariantCulture);

    private static void KillQuietly(Process p)
    {
        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }

            p.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Kills what is left in the cgroup (this test's children only ever) and removes it.</summary>
    private static void RemoveCgroup(string dir)
    {
        for (int attempt = 0; attempt < 100 && Directory.Exists(dir); attempt++)
        {
            try
            {
                foreach (string line in File.ReadAllLines(Path.Combine(dir, "cgroup.procs")))
                {
                    if (int.TryParse(line, CultureInfo.InvariantCulture, out int pid))
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
