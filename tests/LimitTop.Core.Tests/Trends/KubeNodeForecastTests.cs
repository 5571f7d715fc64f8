using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Tests.Trends;

/// <summary>The Kubernetes node row is a finding (pods' tasks against the node's allocatable PIDs), so it is forecast.</summary>
public class KubeNodeForecastTests
{
    private static KubeNodeUsage Node(long podTasks) => new(Capacity: 4_000, Allocatable: 3_000, KubepodsMax: null, PodTasks: podTasks,
        NodeTasks: podTasks + 500, EvictionThreshold: 500, PodPidsLimit: 1024, ConfigFile: "/var/lib/kubelet/config.yaml", Sentence: "");

    [Fact]
    public void Pods_growing_toward_the_allocatable_pids_are_forecast_and_ranked()
    {
        var tracker = new TrendTracker();
        Snapshot s = null!;
        for (int t = 0; t < 60; t++)
        {
            var raw = TrendWorld.At(t, [TrendWorld.Proc(10, 1000, 100)]) with { Diagnosis = [] };
            s = tracker.Observe(DiagnosisBuilder.Diagnose(raw with { KubeNode = Node(1_500 + t * 10) })); // +600 tasks/min
        }

        var node = Assert.Single(s.Diagnosis, f => f.Limit.Name() == LimitNames.KubeletPids);
        Assert.Equal(Scope.System.Key, node.Scope.Key);
        Assert.Equal(2_090, node.Used);
        Assert.Equal(3_000, node.Max);
        Assert.Matches(@"^Kubernetes node: pods hold 2,090 of 3,000 allocatable tasks \(kubelet, 69%\) — the pods' allocatable PIDs full in ~1 minute, \d+ seconds at \+600 tasks/min$", node.Message);
        Assert.Same(node, s.Diagnosis[0]); // the nearest exhaustion leads
    }

    [Fact]
    public void No_kubelet_config_no_node_finding()
    {
        var raw = TrendWorld.At(0, [TrendWorld.Proc(10, 1000, 100)]) with { Diagnosis = [] };
        Assert.DoesNotContain(DiagnosisBuilder.Diagnose(raw).Diagnosis, f => f.Limit.Name() == LimitNames.KubeletPids);
        Assert.DoesNotContain(DiagnosisBuilder.Diagnose(raw with { KubeNode = Node(0) with { PodTasks = null } }).Diagnosis,
            f => f.Limit.Name() == LimitNames.KubeletPids);
    }
}
