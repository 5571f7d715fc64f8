namespace LimitTop.Core.Model;

/// <summary>
/// The node's pid budget as the kubelet computes it (docs/container-names.md, "Kubernetes node"), as it rides a
/// snapshot: Core/Naming/KubeNodeRow reads it from the kubelet's config.yaml, /proc and the kubepods cgroup.
/// </summary>
/// <param name="Capacity">min(pid_max, threads-max).</param>
/// <param name="Allocatable">Capacity minus systemReserved.pid, kubeReserved.pid and evictionHard pid.available.</param>
/// <param name="PodTasks">pids.current of the kubepods cgroup; null when it was not found.</param>
/// <param name="NodeTasks">Every task of the node (/proc/loadavg's total, as the kubelet counts them).</param>
/// <param name="EvictionThreshold">pid.available below which the kubelet evicts; null when none is set.</param>
/// <param name="PodPidsLimit">The kubelet's podPidsLimit (pids.max of each pod); null when unset or −1.</param>
/// <param name="ConfigFile">The kubelet's config.yaml it was read from.</param>
/// <param name="Sentence">The row in words ("pods 120 tasks of 4,190,000 allocatable; node …").</param>
public sealed record KubeNodeUsage(long Capacity, long Allocatable, long? KubepodsMax, long? PodTasks, long? NodeTasks, long? EvictionThreshold,
    long? PodPidsLimit, string ConfigFile, string Sentence)
{
    /// <summary>True when the kubelet's hard eviction threshold is crossed.</summary>
    public bool EvictionDue => NodeTasks is { } t && EvictionThreshold is { } e && Capacity - t < e;
}
