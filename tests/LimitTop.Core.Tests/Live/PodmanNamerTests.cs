using LimitTop.Core.Model;
using LimitTop.Core.Naming;
using LimitTop.Core.Procfs;
using LimitTop.Core.Why;

namespace LimitTop.Core.Tests.Live;

/// <summary>
/// A real Podman container (Debian's podman, runc, a busybox image made with podman import, no registry) started
/// with --pids-limit 32: the namer finds its name in the rootful store from its v1 pids cgroup alone, and the
/// origin of its limit in its OCI config. The container is removed in finally.
/// </summary>
public sealed class PodmanNamerTests
{
    private const string Container = "lt_namer_c1";

    [SkippableFact]
    public void Names_a_podman_container_and_the_origin_of_its_pids_limit()
    {
        LivePodman.Require();
        try
        {
            string id = LivePodman.Start(Container, 32, "sleep", "600");
            int pid = LivePodman.Pid(Container);
            string line = File.ReadAllLines($"/proc/{pid}/cgroup").First(l => l.Split(':')[1].Split(',').Contains("pids"));
            string path = line[(line.IndexOf(":/", StringComparison.Ordinal) + 1)..];
            Assert.Equal("/libpod_parent/libpod-" + id, path); // the cgroupfs layout of docs/kernel-limits.md §19

            var namer = new CgroupNamer(ProcRoot.Default, StateRoots.Default);
            var name = namer.Name(path, 1);
            Assert.Equal((CgroupKind.Podman, "podman", id, Container, "lt_namer_c1 (podman)"), (name.Kind, name.Runtime, name.Id, name.Name, name.Display));

            long pidsMax = long.Parse(File.ReadAllText($"/sys/fs/cgroup/pids{path}/pids.max").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(32, pidsMax);
            var origin = new ContainerLimitOrigins(ProcRoot.Default, StateRoots.Default, namer.Files).Of(name, pidsMax);
            Assert.Equal("podman --pids-limit 32", origin?.Sentence);
        }
        finally
        {
            LivePodman.Remove(Container);
        }
    }

    [SkippableFact]
    public void A_fork_loop_inside_is_refused_by_the_containers_limit_and_attributed_to_it_by_name()
    {
        const string name = "lt_namer_c2";
        LivePodman.Require();
        try
        {
            string id = LivePodman.Start(name, 32, "sleep", "600");
            string path = "/libpod_parent/libpod-" + id;
            LivePodman.ExecDetached(name, "i=0; while [ $i -lt 40 ]; do sleep 600 & i=$((i+1)); done; wait");
            string events = $"/sys/fs/cgroup/pids{path}/pids.events";
            var deadline = DateTime.UtcNow.AddSeconds(60); // bounds a hang only: the loop is refused within a moment
            while (File.ReadAllText(events).Trim() == "max 0" && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }

            using var sampler = new LimitTop.Core.Sampling.Sampler(ProcRoot.Default);
            var usage = sampler.Sample().Cgroups.Single(c => c.Path == path);
            // The oracle is the kernel's own count (31 here: docs/kernel-limits.md §19), stable once the loop is refused and waits.
            long current = long.Parse(File.ReadAllText($"/sys/fs/cgroup/pids{path}/pids.current").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal((current, (long?)32), (usage.PidsCurrent, usage.PidsMax));
            Assert.InRange(current, 30, 32);
            Assert.True(usage.ForkRejections >= 1, $"pids.events {File.ReadAllText(events)}");
            var named = new CgroupNamer(ProcRoot.Default, StateRoots.Default).Name(usage);
            Assert.Equal(("lt_namer_c2 (podman)", id), (named.Display, named.Id));
        }
        finally
        {
            LivePodman.Remove(name);
        }
    }


    [SkippableFact]
    public void The_whole_container_kill_names_it_and_empties_it()
    {
        const string name = "lt_w27_kill";
        LivePodman.Require();
        try
        {
            string id = LivePodman.Start(name, 32, "sleep", "600");
            string path = "/libpod_parent/libpod-" + id;
            LivePodman.ExecDetached(name, "i=0; while [ $i -lt 40 ]; do sleep 600 & i=$((i+1)); done; wait");
            string current = $"/sys/fs/cgroup/pids{path}/pids.current";
            string events = $"/sys/fs/cgroup/pids{path}/pids.events";
            // Stable once the loop was refused (pids.events max ≥ 1) and waits: the kernel's cgroup.procs is the oracle.
            Eventually.Until(() => File.ReadAllText(events).Trim() != "max 0", "the loop is refused by pids.max", TimeSpan.FromSeconds(60));

            using var sampler = new LimitTop.Core.Sampling.Sampler(ProcRoot.Default, new LimitTop.Core.Sampling.SamplerOptions { ReadFds = false });
            var collector = new LimitTop.Core.Pipeline.Collector();
            collector.Add(new LimitTop.Core.Pipeline.NamingStage(ProcRoot.Default));
            var snapshot = collector.Accept(sampler.Sample() with { Diagnosis = [] }).Snapshot;
            var target = LimitTop.Core.Actions.KillTargets.Cgroup(snapshot, LivePodman.Pid(name))!;
            Assert.Equal("the whole container lt_w27_kill (podman)", target.Label);
            int procs = File.ReadAllLines($"/sys/fs/cgroup/pids{path}/cgroup.procs").Length;
            Assert.Equal(procs, target.Count);
            Assert.InRange(procs, 30, 32);

            using var scanner = new LimitTop.Core.Actions.ProcessScanner(ProcRoot.Default);
            var kill = new LimitTop.Core.Actions.GroupKill(target, LimitTop.Core.Actions.Signals.Kill, scanner);
            var progress = kill.Step();
            Eventually.Until(() => (progress = kill.Step()).Finished, "the group kill finishes", TimeSpan.FromSeconds(60), state: () => progress.Message);
            Assert.Equal(LimitTop.Core.Actions.KillOutcome.AllGone, progress.Outcome);
            Eventually.Until(() => !Directory.Exists($"/sys/fs/cgroup/pids{path}") || Read(current) == 0, "the container is empty", TimeSpan.FromSeconds(60));
        }
        finally
        {
            LivePodman.Remove(name);
        }
    }

    private static long Read(string file)
    {
        try
        {
            return long.Parse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0; // the cgroup went with its container
        }
    }
}
