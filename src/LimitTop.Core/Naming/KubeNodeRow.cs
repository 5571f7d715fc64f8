using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Naming;

/// <summary>
/// The node's pid budget as the kubelet computes it (docs/container-names.md, "Kubernetes node"): capacity =
/// min(pid_max, threads-max) (pkg/kubelet/stats/pidlimit); allocatable = capacity − systemReserved.pid −
/// kubeReserved.pid − evictionHard pid.available; the pods' tasks are pids.current of the kubepods cgroup; the
/// node's tasks are /proc/loadavg's total, which the kubelet compares with the eviction threshold (pid.available =
/// capacity − tasks). Read per tick from files only: three small reads.
/// </summary>
public sealed record KubeNodeRow(long Capacity, long Allocatable, long? KubepodsMax, long? PodTasks, long? NodeTasks, long? EvictionThreshold,
    string? KubepodsPath, KubeletConfig Config)
{
    /// <summary>pid.available as the kubelet sees it: capacity − the node's tasks; null when loadavg was unreadable.</summary>
    public long? PidAvailable => NodeTasks is { } t ? Capacity - t : null;

    /// <summary>True when the kubelet's hard eviction threshold is crossed (it evicts pods and reports PIDPressure).</summary>
    public bool EvictionDue => PidAvailable is { } a && EvictionThreshold is { } e && a < e;

    public string Sentence()
    {
        var inv = CultureInfo.InvariantCulture;
        string pods = PodTasks is { } p ? string.Format(inv, "pods {0:N0} tasks of {1:N0} allocatable", p, Allocatable) : string.Format(inv, "allocatable {0:N0} (kubepods cgroup not found)", Allocatable);
        string node = NodeTasks is { } n ? string.Format(inv, "; node {0:N0} of {1:N0}", n, Capacity) : "";
        string evict = EvictionThreshold is { } e ? string.Format(inv, ", evicts when fewer than {0:N0} are free ({1})", e, Config.EvictionHardPids) : "";
        string pod = Config.PodPidsLimit is { } l and > 0 ? string.Format(inv, "; each pod ≤ {0:N0} (podPidsLimit)", l) : "";
        return pods + node + evict + pod;
    }

    /// <summary>The row as it rides a snapshot (Model has no YAML).</summary>
    public KubeNodeUsage ToUsage()
        => new(Capacity, Allocatable, KubepodsMax, PodTasks, NodeTasks, EvictionThreshold, Config.PodPidsLimit is { } l and > 0 ? l : null, Config.File, Sentence());

    /// <summary>The row; null when the node runs no kubelet (no config.yaml under the state root).</summary>
    public static KubeNodeRow? Read(ProcRoot root, StateRoots state)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (KubeletConfig.Read(state) is not { } config)
        {
            return null;
        }

        long? pidMax = ReadLong(Path.Combine(root.Proc, "sys", "kernel", "pid_max"));
        long? threadsMax = ReadLong(Path.Combine(root.Proc, "sys", "kernel", "threads-max"));
        long capacity = Math.Min(pidMax ?? long.MaxValue, threadsMax ?? long.MaxValue);
        if (capacity == long.MaxValue)
        {
            capacity = 0;
        }

        long? evict = config.EvictionHardTasks(capacity);
        long allocatable = Math.Max(0, capacity - (config.SystemReservedPids ?? 0) - (config.KubeReservedPids ?? 0) - (evict ?? 0));
        (string? path, long? podTasks, long? podsMax) = Kubepods(root.Sys);
        return new KubeNodeRow(capacity, allocatable, podsMax, podTasks, LoadavgTasks(root.Proc), evict, path, config);
    }

    /// <summary>The kubepods cgroup (cgroupfs "/kubepods" or systemd "/kubepods.slice"), v1 pids hierarchy first, then v2.</summary>
    private static (string? Path, long? Current, long? Max) Kubepods(string sys)
    {
        foreach (string mount in new[] { "fs/cgroup/pids", "fs/cgroup", "fs/cgroup/unified" })
        {
            foreach (string name in new[] { "kubepods.slice", "kubepods" })
            {
                string dir = Path.Combine(sys, mount, name);
                if (ReadLong(Path.Combine(dir, "pids.current")) is { } current)
                {
                    return ("/" + name, current, ReadLong(Path.Combine(dir, "pids.max")));
                }
            }
        }

        return (null, null, null);
    }

    /// <summary>The total after the slash of /proc/loadavg's fourth field: every task, as the kubelet counts them (kubernetes #107107).</summary>
    private static long? LoadavgTasks(string proc)
    {
        string? text = ReadText(Path.Combine(proc, "loadavg"));
        string[] f = text?.Split(' ') ?? [];
        int slash = f.Length > 3 ? f[3].IndexOf('/', StringComparison.Ordinal) : -1;
        return slash > 0 && long.TryParse(f[3].AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;
    }

    private static long? ReadLong(string file)
        => ReadText(file)?.Trim() is { } s && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : null;

    private static string? ReadText(string file)
    {
        byte[]? b = NamerFileReader.Read(file, 4096, out _, out _);
        return b is null ? null : System.Text.Encoding.ASCII.GetString(b);
    }
}
