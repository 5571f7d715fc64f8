using System.Text.Json;
using System.Text.Json.Serialization;
using LimitTop.Core.Export;
using LimitTop.Core.Native;

namespace LimitTop.Core.Why;

/// <summary>The JSON of <c>limittop --why PID --json</c> (schema <c>limittop.why/1</c>; docs/reference.md, "JSON: limittop --why PID --json").</summary>
public sealed record WhyDocument(
    string Schema,
    int Pid,
    string Name,
    int Uid,
    string User,
    int Threads,
    string? NprocExempt,
    IReadOnlyList<WhyCheckDocument> Checks,
    WhyCheckDocument? Binding,
    bool NextForkFails,
    string Sentence,
    IReadOnlyList<LimitOriginDocument> Origins,
    string Inheritance,
    UnitDocument? Unit,
    IReadOnlyList<string> ConfigIssues,
    IReadOnlyList<ThreadNameDocument>? ThreadNames,
    CopiesDocument? Copies,
    IReadOnlyList<string> Notes)
{
    public const string SchemaName = "limittop.why/1";

    /// <summary>The container the process runs in (runtime, id, name, pod, namespace; docs/container-names.md); null when none.</summary>
    public ContainerDocument? Container { get; init; }

    public static WhyDocument Of(Explanation e) => new(SchemaName, e.Pid, e.Name, e.Uid, e.User, e.Threads, e.NprocExempt,
        [.. e.Checks.Select(Doc)], e.Binding is { } b ? Doc(b) : null, e.NextForkFails, e.Sentence,
        [.. e.Origins.Select(o => new LimitOriginDocument(o.Limit, o.Current, o.Source, o.File, o.Line, o.NewLogin))],
        e.Inheritance,
        e.Unit is { } u ? new UnitDocument(u.Unit, u.Kind, u.TasksSetting, u.TasksFile, u.NprocSetting, u.NprocFile) : null,
        e.ConfigIssues,
        e.ThreadNames is { } t ? [.. t.Select(g => new ThreadNameDocument(g.Name, g.Count))] : null,
        e.Copies is { } c ? new CopiesDocument(c.Name, c.User, c.Copies, c.Tasks, c.Largest.Pid, c.Largest.Threads) : null,
        e.Notes)
    {
        Container = ContainerDocument.From(e.Container),
        Refusals = e.Witness is { } w
            ? new WhyRefusalsDocument(w.Up, w.Reason, w.Message, e.Refused?.LastMinute ?? 0, e.Refused?.Limit,
                e.Refused is { } r ? Model.RefusalLimits.Name(r.Errno) : null, e.RecentRefusals)
            : null,
    };

    /// <summary>The refusal witness's view of this process; null when no witness ran (docs/witness.md, "JSON").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WhyRefusalsDocument? Refusals { get; init; }

    public static string Serialize(Explanation e) => JsonSerializer.Serialize(Of(e), WhyJsonContext.Default.WhyDocument);

    private static WhyCheckDocument Doc(WhyCheck c) => new(JsonNamingPolicy.CamelCase.ConvertName(c.Kind.ToString()), c.Name, c.Unit,
        c.Used, c.Max, c.PerTask, c.Headroom, c.Applies, c.Errno, c.Note) { Label = c.Label };
}

/// <param name="Kind">nproc, threadsMax, commitMemory, memoryCgroup, addressSpace, mapCount, pidNumbers, pidsCgroup.</param>
/// <param name="Headroom">More tasks this check allows (memory checks: what is left / perTask); null when unknown or unlimited.</param>
public sealed record WhyCheckDocument(string Kind, string Name, string Unit, long? Used, long? Max, long PerTask, long? Headroom,
    bool Applies, string Errno, string? Note)
{
    /// <summary>A pids cgroup's name ("container ltc1 (podman)"); null when only its path names it.</summary>
    public string? Label { get; init; }
}

public sealed record LimitOriginDocument(string Limit, long? Current, string Source, string? File, int? Line, long? NewLogin);

public sealed record UnitDocument(string Unit, string Kind, string TasksSetting, string? TasksFile, string NprocSetting, string? NprocFile);

public sealed record ThreadNameDocument(string Name, int Count);

/// <param name="LastMinute">Task creations of this process refused in the last 60 s.</param>
/// <param name="Limit">The limit that refused the last of them; null when none.</param>
/// <param name="Recent">Its per-second refusal groups, newest first.</param>
public sealed record WhyRefusalsDocument(bool WitnessUp, string Witness, string WitnessMessage, long LastMinute, string? Limit, string? Errno,
    IReadOnlyList<Model.RefusalEvent> Recent);

public sealed record CopiesDocument(string Name, string User, int Count, long Tasks, int LargestPid, int LargestTasks);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WhyDocument))]
public sealed partial class WhyJsonContext : JsonSerializerContext;
