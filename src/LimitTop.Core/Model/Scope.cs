using System.Globalization;

namespace LimitTop.Core.Model;

/// <summary>What a limit belongs to.</summary>
public enum ScopeKind
{
    System,
    User,
    Cgroup,
    Process,
}

/// <summary>
/// A limit's scope, typed: the whole box, a user (by name), a cgroup (by path) or a process (by pid). Its
/// <see cref="Key"/> ("system", "user:NAME", "cgroup:PATH", "process:PID") is the text findings, events, forecasts,
/// the JSON document, the metrics' <c>scope</c> label, recordings and the screen carry — a contract, byte for byte:
/// it is built here and read back here (<see cref="Parse"/>), nowhere else.
/// </summary>
public readonly record struct Scope(ScopeKind Kind, string Id)
{
    public const string UserPrefix = "user:";
    public const string CgroupPrefix = "cgroup:";
    public const string ProcessPrefix = "process:";
    public const string SystemKey = "system";

    public static Scope System => new(ScopeKind.System, "");

    public static Scope User(string name) => new(ScopeKind.User, name);

    public static Scope Cgroup(string path) => new(ScopeKind.Cgroup, path);

    public static Scope Process(int pid) => new(ScopeKind.Process, pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>The scope as text: "system", "user:bob", "cgroup:/a/b", "process:42".</summary>
    public string Key => Kind switch
    {
        ScopeKind.User => UserPrefix + Id,
        ScopeKind.Cgroup => CgroupPrefix + Id,
        ScopeKind.Process => ProcessPrefix + Id,
        _ => SystemKey,
    };

    public override string ToString() => Key;

    /// <summary>A <see cref="Key"/> read back; any other text (a scope a newer version wrote) is the system's, with the text as its id.</summary>
    public static Scope Parse(string key)
        => key.StartsWith(UserPrefix, StringComparison.Ordinal) ? User(key[UserPrefix.Length..])
            : key.StartsWith(CgroupPrefix, StringComparison.Ordinal) ? Cgroup(key[CgroupPrefix.Length..])
            : key.StartsWith(ProcessPrefix, StringComparison.Ordinal) ? new(ScopeKind.Process, key[ProcessPrefix.Length..])
            : new(ScopeKind.System, key == SystemKey ? "" : key);

    /// <summary>True when <paramref name="key"/> is this scope's key (no string built: a cache's check).</summary>
    public bool Is(string key) => Kind switch
    {
        ScopeKind.User => HasKey(key, UserPrefix, Id),
        ScopeKind.Cgroup => HasKey(key, CgroupPrefix, Id),
        ScopeKind.Process => HasKey(key, ProcessPrefix, Id),
        _ => key == SystemKey,
    };

    private static bool HasKey(string key, string prefix, string id)
        => key.Length == prefix.Length + id.Length && key.StartsWith(prefix, StringComparison.Ordinal) && key.AsSpan(prefix.Length).SequenceEqual(id);
}
