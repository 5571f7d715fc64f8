using System.Text.Json.Serialization;
using LimitTop.Core.Model;

namespace LimitTop.Core.Export;

// The documented JSON contract "limittop.snapshot/1" (README). These types are the contract: the model may
// grow, the document changes only with a new schema version. null means unlimited or unknown.

public sealed record SnapshotDocument(
    string Schema,
    DateTimeOffset TakenAt,
    SystemDocument System,
    IReadOnlyList<UserDocument> Users,
    IReadOnlyList<ProcessDocument> Processes,
    IReadOnlyList<CgroupDocument> Cgroups,
    IReadOnlyList<DiagnosisDocument> Diagnosis,
    IReadOnlyList<string> Warnings)
{
    public const string SchemaName = "limittop.snapshot/1";

    /// <summary>Earlier snapshots, oldest first (dumps only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SnapshotDocument>? History { get; init; }

    /// <summary>The event log as of this snapshot, oldest first (empty for --once).</summary>
    public IReadOnlyList<EventDocument> Events { get; init; } = [];

    /// <summary>The series each steady forecast was fitted on (dumps only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ForecastSeriesDocument>? Forecasts { get; init; }

    /// <summary>TCP/UDP sockets of limittop's network namespace; null when not sampled.</summary>
    public SocketsDocument? Sockets { get; init; }

    /// <summary>The Kubernetes node's pid budget when a kubelet config is present (docs/container-names.md); null otherwise.</summary>
    public KubeNodeUsage? KubeNode { get; init; }
    /// <summary>
    /// What the refusal witness saw (docs/witness.md, "JSON"): whether it runs and why not, refused task creations per
    /// limit, per user and per cgroup since start, per process in the last minute, the recent per-second groups and the
    /// kernel log's lines; null when no witness ran (a replayed or test snapshot).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RefusalSummary? Refusals { get; init; }

    /// <summary>Flight-recorder dumps only: the triggers, and how many rows were left out (DumpFocus).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FocusDocument? Focus { get; init; }
}

public sealed record SystemDocument(
    string Hostname,
    long UptimeSeconds,
    long Tasks,
    long? ThreadsMax,
    long PidsUsed,
    long? PidMax,
    long OpenFiles,
    long? FileMax,
    int OvercommitMode,
    long? CommittedAsBytes,
    long? CommitLimitBytes)
{
    /// <summary>pid_max − pidsLowest: the numbers a new task can be given (pidsUsed counts against this).</summary>
    public long? PidsUsable { get; init; }

    /// <summary>The lowest number the kernel hands out: 300 after boot, 1 before.</summary>
    public int PidsLowest { get; init; }

    /// <summary>Numbers held only by a process group or session whose leader exited (included in pidsUsed).</summary>
    public int PidsHeldByGroups { get; init; }
}

public sealed record RangeDocument(long? SoftMin, long? SoftMax);

public sealed record UserDocument(
    int Uid,
    string Name,
    int Tasks,
    int Processes,
    bool Exempt,
    RangeDocument Nproc,
    int UserNamespaceTasks,
    int ChargedTasks,
    long? NprocHeadroom,
    long? SigQueued,
    RangeDocument Sigpending);

public sealed record LimitDocument(long? Soft, long? Hard);

public sealed record LimitsDocument(LimitDocument Nproc, LimitDocument Nofile, LimitDocument Sigpending);

public sealed record ProcessDocument(
    int Pid,
    int Ppid,
    int Uid,
    string User,
    string Name,
    string Cmdline,
    string State,
    int Threads,
    int? Fds,
    LimitsDocument? Limits,
    long? SigQueued,
    string? Cgroup,
    long RssBytes,
    double? CpuPercent)
{
    /// <summary>TCP+UDP sockets held (fd → socket inode, slow cadence); null when not counted.</summary>
    public int? Sockets { get; init; }

    /// <summary>null, or why the process may fork past RLIMIT_NPROC: "uid 0", "CAP_SYS_ADMIN", "CAP_SYS_RESOURCE".</summary>
    public string? NprocExempt { get; init; }

    /// <summary>The container it runs in: runtime, id, name, pod, namespace (docs/container-names.md); null when none.</summary>
    public ContainerDocument? Container { get; init; }
}

public sealed record CgroupDocument(
    string Path,
    int Version,
    long PidsCurrent,
    long? PidsMax,
    long? EffectiveHeadroom,
    string? BindingPath,
    long? ForkRejections,
    long ForkRejectionsSinceStart)
{
    /// <summary>The cgroup as the admin knows it ("ltc1 (podman)", "nginx.service"); the escaped path when nothing names it.</summary>
    public string? Name { get; init; }

    /// <summary>The container whose cgroup this is (docs/container-names.md); null when none.</summary>
    public ContainerDocument? Container { get; init; }
}

public sealed record DiagnosisDocument(string Scope, string Limit, long Used, long? Max, double? Percent, string Severity, string Message)
{
    /// <summary>Rate per minute while the trend is steady (README "Forecasts and events"); null otherwise.</summary>
    public double? RatePerMinute { get; init; }

    /// <summary>Seconds until max at that rate; null without a steady trend, when flat or falling, or unlimited.</summary>
    public double? ExhaustedInSeconds { get; init; }

    /// <summary>Task creations this limit refused in the last minute (the refusal witness); left out when 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long RefusedLastMinute { get; init; }
}

/// <summary>kind: "fork-rejected", "limit-reached", "critical", "refused", "refusal-burst" or "kernel"; time: ISO 8601; culprit: the process holding the most tasks.</summary>
public sealed record EventDocument(DateTimeOffset Time, string Kind, string Scope, string Limit, long Count, CulpritDocument? Culprit)
{
    /// <summary>The line as shown (kinds refused, refusal-burst and kernel); left out for the others.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }
}

public sealed record CulpritDocument(int Pid, string? Name);

/// <summary>A steady forecast's points: seconds relative to the snapshot's takenAt (≤ 0) and the values.</summary>
public sealed record ForecastSeriesDocument(
    string Scope, string Limit, double RatePerMinute, double? ExhaustedInSeconds, IReadOnlyList<int> Seconds, IReadOnlyList<double> Values);

/// <summary>
/// <c>tcp</c>: state name → count (ESTABLISHED … CLOSING, as <c>ss -tan</c> counts), IPv4 + IPv6; <c>udp</c>: UDP sockets;
/// <c>timeWaitBuckets</c>: sockstat tw vs tcp_max_tw_buckets; <c>ephemeralPorts</c>: range minus reserved and the
/// most used (local, remote, remote port) tuple.
/// </summary>
public sealed record SocketsDocument(
    Dictionary<string, int> Tcp,
    int Udp,
    UsedMaxDocument TimeWaitBuckets,
    EphemeralPortsDocument? EphemeralPorts)
{
    public string Source { get; init; } = "";
    public Dictionary<string, int>? TcpIpv4 { get; init; }
    public Dictionary<string, int>? TcpIpv6 { get; init; }
    public UsedMaxDocument? Orphans { get; init; }
    public long? ListenOverflows { get; init; }
    public long ListenOverflowsSinceStart { get; init; }
    public IReadOnlyList<UidSocketsDocument>? PerUid { get; init; }

    /// <summary>
    /// Age of tcpIpv4/tcpIpv6, the worst tuple and perUid (full walks run at a slower cadence at scale); null (and
    /// those null) while the first full walk is pending, which only a dump taken in the dashboard's first second sees.
    /// </summary>
    public double? DetailAgeSeconds { get; init; }

    /// <summary>Age of processes[].sockets; null when never scanned.</summary>
    public double? ProcessScanAgeSeconds { get; init; }
}

public sealed record UsedMaxDocument(long? Used, long? Max);

public sealed record EphemeralPortsDocument(int RangeSize, PortTupleDocument? Worst)
{
    public int Low { get; init; }
    public int High { get; init; }
    public int Reserved { get; init; }
}

public sealed record PortTupleDocument(string Local, string Remote, int RemotePort, int Used);

public sealed record UidSocketsDocument(int Uid, int Tcp, int Udp);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SnapshotDocument))]
public sealed partial class SnapshotJsonContext : JsonSerializerContext;
