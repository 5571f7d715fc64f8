using LimitTop.Core.Model;
using LimitTop.Core.Naming;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Trends;
using LimitTop.TestSupport;
using static LimitTop.Core.Tests.Naming.NamerFixture;

namespace LimitTop.Core.Tests.Pipeline;

/// <summary>The naming stage on the fixture tree Fixtures/containers: what it names, what it caches, the Kubernetes node row.</summary>
public sealed class NamingStageTests
{
    private static readonly string PodmanV1 = "/libpod_parent/libpod-" + P1;
    private static readonly string DockerV2 = "/system.slice/docker-" + D1 + ".scope";

    private static NamingStage Stage(string tree, ManualClock? clock = null)
        => new(Root(tree), StateRoots.Under(tree), clock is null ? null : () => clock.Ms);

    private static Snapshot Raw(params (string Path, int Version)[] cgroups)
    {
        var processes = cgroups.Select((c, i) => Snapshots.Member(100 + i, 0, "sh", "sh -c loop", c.Path, c.Version)).ToList();
        var usage = cgroups.Select(c => new CgroupUsage { Path = c.Path, Version = c.Version, PidsCurrent = 31, PidsMax = 32 }).ToList();
        return Snapshots.Make(processes, cgroups: usage) with { Diagnosis = [] };
    }

    private sealed class ManualClock
    {
        public long Ms { get; set; } = 1_000;
    }

    [Fact]
    public void Names_every_pids_cgroup_and_every_processs_cgroup()
    {
        var raw = Raw((PodmanV1, 1), (DockerV2, 2)) is var s
            ? s with { Processes = [.. s.Processes, Snapshots.Member(300, 0, "nginx", "nginx", "/system.slice/nginx.service", 1)] }
            : null!;
        var named = Stage(Committed).Apply(raw, new EventLog());
        Assert.Equal(3, named.Names.Count);
        Assert.Equal("ltc1 (podman)", named.Names[PodmanV1].Display);
        Assert.Equal("web-1 (docker)", named.Names[DockerV2].Display);
        Assert.Equal("nginx.service", named.Names["/system.slice/nginx.service"].Display);
    }

    [Fact]
    public void A_quiet_tick_hands_on_the_same_dictionary_and_reads_no_file()
    {
        var clock = new ManualClock();
        var stage = Stage(Committed, clock);
        var first = stage.Apply(Raw((PodmanV1, 1), (DockerV2, 2)), new EventLog());
        long composed = stage.Namer.Composed;
        clock.Ms += 100; // within the recheck interval: every name from the cache
        var second = stage.Apply(Raw((PodmanV1, 1), (DockerV2, 2)), new EventLog());
        Assert.Same(first.Names, second.Names);
        Assert.Equal(composed, stage.Namer.Composed);

        var third = stage.Apply(Raw((PodmanV1, 1)), new EventLog()); // a container went away: a new dictionary
        Assert.NotSame(second.Names, third.Names);
        Assert.Single(third.Names);
        Assert.Equal(2, second.Names.Count); // the snapshot kept in the history is not changed under it
    }

    [Fact]
    public void A_cgroup_the_event_log_still_speaks_of_stays_named_after_it_went()
    {
        var log = new EventLog();
        log.Add(new TrendEvent(Snapshots.Now, TrendEvent.ForkRejected, Scope.Cgroup(PodmanV1), LimitKind.PidsMax, 3, 100, "sh"));
        var named = Stage(Committed).Apply(Raw(), log);
        Assert.Equal("ltc1 (podman)", named.Names[PodmanV1].Display);
        Assert.StartsWith("03:04:05 container ltc1 (podman): 3 forks refused by pids.max", log.Recent[0].Line(named.Names), StringComparison.Ordinal);
    }

    [Fact]
    public void The_kubernetes_node_row_rides_the_snapshot_when_a_kubelet_config_is_present()
    {
        var named = Stage(Committed).Apply(Raw(), new EventLog());
        var k = named.KubeNode!;
        var row = KubeNodeRow.Read(Root(Committed), StateRoots.Under(Committed))!;
        Assert.Equal((row.Capacity, row.Allocatable, row.PodTasks, row.NodeTasks, row.EvictionThreshold, (long?)1024),
            (k.Capacity, k.Allocatable, k.PodTasks, k.NodeTasks, k.EvictionThreshold, k.PodPidsLimit));
        Assert.Equal(row.Sentence(), k.Sentence);

        string empty = Directory.CreateTempSubdirectory("lt_w27_nokubelet_").FullName;
        try
        {
            Assert.Null(Stage(empty).Apply(Raw(), new EventLog()).KubeNode);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void The_collector_diagnoses_with_the_names()
    {
        var collector = new Collector();
        collector.Add(Stage(Committed));
        var s = collector.Accept(Raw((PodmanV1, 1))).Snapshot;
        var f = s.Diagnosis.Single(d => d.Scope.Key == "cgroup:" + PodmanV1);
        Assert.StartsWith("container ltc1 (podman): 31 of 32 tasks (pids.max, ", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forecast_names_the_container_it_fills()
    {
        var names = Stage(Committed).Apply(Raw((PodmanV1, 1)), new EventLog()).Names;
        Assert.StartsWith("pids.max of container ltc1 (podman) full in ~5 minutes",
            ForecastWords.Sentence(Scope.Cgroup(PodmanV1), LimitKind.PidsMax, TimeSpan.FromMinutes(5), 3, names), StringComparison.Ordinal);
        Assert.StartsWith("pids.max of cgroup /a\\e[2J full", ForecastWords.Sentence(Scope.Cgroup("/a\u001b[2J"), LimitKind.PidsMax, TimeSpan.FromMinutes(5), 3), StringComparison.Ordinal);
    }
}
