using System.Globalization;

namespace LimitTop.Core.Model;

/// <summary>What a limit, a finding or an event belongs to.</summary>
public enum ScopeKind
{
    System,
    User,
    Cgroup,

    /// <summary>A process a trend series follows (its threads, fds): "process:PID".</summary>
    Process,

    /// <summary>A process the refusal witness saw refused: "pid:PID NAME" (its command name, escaped, for the event log).</summary>
    Pid,

    /// <summary>A text this version does not know (a journal a newer version wrote): kept as it was, its key is its id.</summary>
    Other,
}

/// <summary>
/// A limit's scope, typed: the whole box, a user (by name), a cgroup (by path), a process (by pid), or a refused
/// process as the witness names it (pid and command name). Its <see cref="Key"/> ("system", "user:NAME",
/// "cgroup:PATH", "process:PID", "pid:PID NAME") is the text findings, events, forecasts, the JSON document, the
/// metrics' <c>scope</c> label, recordings and the screen carry — a contract, byte for byte: it is built here, once
/// per scope, and read back here (<see cref="Parse"/>, which round-trips every text), nowhere else.
/// </summary>
public readonly record struct Scope(ScopeKind Kind, string Id)
{
    public const string UserPrefix = "user:";
    public const string CgroupPrefix = "cgroup:";
    public const string ProcessPrefix = "process:";
    public const string PidPrefix = "pid:";
    public const string SystemKey = "system";

    // Built once when the scope is made (the diagnosis makes its scopes once a tick), not at every edge that prints it;
    // Kind and Id are get-only, so no `with` can leave the key behind.
    private readonly string? _key = KeyOf(Kind, Id);

    public ScopeKind Kind { get; } = Kind;

    public string Id { get; } = Id;

    public static Scope System => new(ScopeKind.System, "");

    public static Scope User(string name) => new(ScopeKind.User, name);

    public static Scope Cgroup(string path) => new(ScopeKind.Cgroup, path);

    public static Scope Process(int pid) => new(ScopeKind.Process, pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>A refused process as the witness names it: "pid:4242 myapp" (the name already escaped), "pid:4242" without one.</summary>
    public static Scope Pid(int pid, string? name = null)
        => new(ScopeKind.Pid, name is null ? pid.ToString(CultureInfo.InvariantCulture) : pid.ToString(CultureInfo.InvariantCulture) + " " + name);

    /// <summary>The scope as text: "system", "user:bob", "cgroup:/a/b", "process:42", "pid:42 myapp".</summary>
    public string Key => _key ?? SystemKey;

    public override string ToString() => Key;

    /// <summary>A <see cref="Key"/> read back; any other text (a scope a newer version wrote) is <see cref="ScopeKind.Other"/>, kept whole.</summary>
    public static Scope Parse(string key)
        => key.StartsWith(UserPrefix, StringComparison.Ordinal) ? User(key[UserPrefix.Length..])
            : key.StartsWith(CgroupPrefix, StringComparison.Ordinal) ? Cgroup(key[CgroupPrefix.Length..])
            : key.StartsWith(ProcessPrefix, StringComparison.Ordinal) ? new(ScopeKind.Process, key[ProcessPrefix.Length..])
            : key.StartsWith(PidPrefix, StringComparison.Ordinal) ? new(ScopeKind.Pid, key[PidPrefix.Length..])
            : key == SystemKey ? System
            : new(ScopeKind.Other, key);

    /// <summary>True when <paramref name="key"/> is this scope's key.</summary>
    public bool Is(string key) => string.Equals(key, Key, StringComparison.Ordinal);

    /// <summary>True when <paramref name="key"/> is the key of the scope (<paramref name="kind"/>, <paramref name="id"/>), no string built: a cache's check.</summary>
    public static bool IsKeyOf(string key, ScopeKind kind, string id) => kind switch
    {
        ScopeKind.User => HasKey(key, UserPrefix, id),
        ScopeKind.Cgroup => HasKey(key, CgroupPrefix, id),
        ScopeKind.Process => HasKey(key, ProcessPrefix, id),
        ScopeKind.Pid => HasKey(key, PidPrefix, id),
        ScopeKind.Other => key == id,
        _ => key == SystemKey,
    };

    private static string KeyOf(ScopeKind kind, string id) => kind switch
    {
        ScopeKind.User => UserPrefix + id,
        ScopeKind.Cgroup => CgroupPrefix + id,
        ScopeKind.Process => ProcessPrefix + id,
        ScopeKind.Pid => PidPrefix + id,
        ScopeKind.Other => id,
        _ => SystemKey,
    };

    private static bool HasKey(string key, string prefix, string id)
        => key.Length == prefix.Length + id.Length && key.StartsWith(prefix, StringComparison.Ordinal) && key.AsSpan(prefix.Length).SequenceEqual(id);
}
