using LimitTop.Core.Naming;
using LimitTop.Core.Tests.Sampling;
using static LimitTop.Core.Tests.Naming.NamerFixture;

namespace LimitTop.Core.Tests.Naming;

/// <summary>The kubelet's config and the node's pid budget, on Fixtures/containers (hand-computed numbers).</summary>
public sealed class KubeNodeRowTests
{
    [Fact]
    public void Reads_the_pid_settings_of_the_kubelet_config()
    {
        var k = KubeletConfig.Read(StateRoots.Under(Committed))!;
        Assert.Equal((1024L, 1000L, 500L, "10%", "systemd", (string?)null),
            (k.PodPidsLimit, k.SystemReservedPids, k.KubeReservedPids, k.EvictionHardPids, k.CgroupDriver, k.Failure));
        Assert.Equal(6346, k.EvictionHardTasks(63455)); // ceil(6345.5)
    }

    [Fact]
    public void The_node_row_is_capacity_min_of_pid_max_and_threads_max_less_reservations_and_eviction()
    {
        var row = KubeNodeRow.Read(Root(Committed), StateRoots.Under(Committed))!;
        // capacity min(4194304, 63455); allocatable 63455 − 1000 − 500 − 6346.
        Assert.Equal((63455L, 55609L, 57L, 412L, 6346L, "/kubepods"), (row.Capacity, row.Allocatable, row.PodTasks, row.NodeTasks, row.EvictionThreshold, row.KubepodsPath));
        Assert.Equal(63043, row.PidAvailable);
        Assert.False(row.EvictionDue);
        Assert.Equal("pods 57 tasks of 55,609 allocatable; node 412 of 63,455, evicts when fewer than 6,346 are free (10%); each pod ≤ 1,024 (podPidsLimit)", row.Sentence());
    }

    [Fact]
    public void Without_a_kubelet_there_is_no_row_and_a_v2_node_reads_kubepods_slice()
    {
        using var t = FixtureTree.Copy("containers");
        Directory.Delete(t.File("sys/fs/cgroup/pids"), recursive: true);
        var row = KubeNodeRow.Read(Root(t.Dir), StateRoots.Under(t.Dir))!;
        Assert.Equal((61L, "/kubepods.slice"), (row.PodTasks, row.KubepodsPath));
        File.Delete(t.File("var/lib/kubelet/config.yaml"));
        Assert.Null(KubeNodeRow.Read(Root(t.Dir), StateRoots.Under(t.Dir)));
    }

    [Theory]
    [InlineData("podPidsLimit: [unclosed")]
    [InlineData("\t- : :\n  bad: [")]
    [InlineData("a: &x [*x]\nb: *x\npodPidsLimit: 7")]
    public void A_broken_or_hostile_config_is_refused_or_read_without_an_exception(string yaml)
    {
        using var t = FixtureTree.Copy("containers");
        File.WriteAllText(t.File("var/lib/kubelet/config.yaml"), yaml);
        var k = KubeletConfig.Read(StateRoots.Under(t.Dir))!;
        Assert.True(k.Failure is not null || k.PodPidsLimit == 7, k.Failure);
    }

    [Fact]
    public void A_deeply_nested_config_is_refused_not_recursed()
    {
        using var t = FixtureTree.Copy("containers");
        File.WriteAllText(t.File("var/lib/kubelet/config.yaml"), "a: " + new string('[', 100_000));
        var k = KubeletConfig.Read(StateRoots.Under(t.Dir))!;
        Assert.Contains("deeper than 64", k.Failure, StringComparison.Ordinal);
    }
}
