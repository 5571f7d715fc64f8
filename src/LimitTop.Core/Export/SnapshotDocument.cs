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
    long? CommitLimitBytes);

public sealed record RangeDocument(long? SoftMin, long? SoftMax);

public sealed record UserDocument(
    int Uid,
    string Name,
    int Tasks,
    int Processes,
    bool Exempt,
    RangeDocument Nproc,
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
    double? CpuPercent);

public sealed record CgroupDocument(
    string Path,
    int Version,
    long PidsCurrent,
    long? PidsMax,
    long? EffectiveHeadroom,
    string? BindingPath,
    long? ForkRejections,
    long ForkRejectionsSinceStart);

public sealed record DiagnosisDocument(string Scope, string Limit, long Used, long? Max, double? Percent, string Severity, string Message);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SnapshotDocument))]
public sealed partial class SnapshotJsonContext : JsonSerializerContext;
