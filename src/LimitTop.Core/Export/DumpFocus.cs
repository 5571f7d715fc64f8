using LimitTop.Core.Model;

namespace LimitTop.Core.Export;

/// <summary>The <c>focus</c> of a flight-recorder dump: what triggered it and what was left out.</summary>
public sealed record FocusDocument(IReadOnlyList<string> Triggers, int ProcessesOmitted, int CgroupsOmitted, int UsersOmitted);

/// <summary>
/// What a flight-recorder dump keeps, so its size follows what happened rather than the size of the box: the
/// processes of the triggering users (by real uid), in or below the triggering cgroups, the findings' culprits,
/// plus the <see cref="ContextProcesses"/> with most threads for context (more when a system-wide limit fired);
/// the triggering cgroups with their ancestors and descendants plus the fullest few; the triggering users plus the
/// busiest few. System, diagnosis, sockets and events stay whole (they are small). Every snapshot of the history
/// is cut the same way. A trigger is "SCOPE LIMIT" as the recorder names it (<c>user:NAME nproc</c>,
/// <c>cgroup:/PATH pids.events</c>, <c>system threads-max</c>).
/// </summary>
public sealed class DumpFocus
{
    public const int ContextProcesses = 20;
    public const int SystemContextProcesses = 100;
    public const int ContextCgroups = 10;
    public const int ContextUsers = 10;

    private readonly HashSet<Scope> _scopes = [];
    private readonly HashSet<string> _userNames = new(StringComparer.Ordinal);
    private readonly List<string> _cgroups = [];
    private readonly bool _system;

    public DumpFocus(IReadOnlyList<string> triggers)
    {
        Triggers = triggers;
        foreach (string t in triggers)
        {
            int space = t.IndexOf(' ', StringComparison.Ordinal);
            string scope = space < 0 ? t : t[..space];
            var typed = Scope.Parse(scope);
            _scopes.Add(typed);
            switch (typed.Kind)
            {
                case ScopeKind.User: _userNames.Add(typed.Id); break;
                case ScopeKind.Cgroup: _cgroups.Add(typed.Id); break;
                default: _system = true; break;
            }
        }
    }

    public IReadOnlyList<string> Triggers { get; }

    /// <summary>The snapshot with only the focused rows.</summary>
    public Snapshot Trim(Snapshot s)
    {
        var uids = s.Users.Where(u => _userNames.Contains(u.Name)).Select(u => u.Uid).ToHashSet();
        var culprits = s.Diagnosis.Where(f => _scopes.Contains(f.Scope) && f.CulpritPid is not null).Select(f => f.CulpritPid!.Value).ToHashSet();
        int context = _system ? SystemContextProcesses : ContextProcesses;
        var busiest = s.Processes.OrderByDescending(p => p.Threads).Take(context).Select(p => p.Pid).ToHashSet();
        var fullest = s.Cgroups.OrderByDescending(c => c.PidsCurrent).Take(ContextCgroups).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var busyUsers = s.Users.OrderByDescending(u => u.Tasks).Take(ContextUsers).Select(u => u.Uid).ToHashSet();
        return s with
        {
            Processes = [.. s.Processes.Where(p => uids.Contains(p.Uid) || culprits.Contains(p.Pid) || busiest.Contains(p.Pid)
                || (p.Cgroup is { } cg && _cgroups.Any(f => Within(cg, f))))],
            Cgroups = [.. s.Cgroups.Where(c => fullest.Contains(c.Path) || _cgroups.Any(f => Within(c.Path, f) || Within(f, c.Path)))],
            Users = [.. s.Users.Where(u => uids.Contains(u.Uid) || busyUsers.Contains(u.Uid))],
        };
    }

    /// <summary>The <c>focus</c> member of the dump: the triggers and how many rows of <paramref name="s"/> were left out.</summary>
    public FocusDocument Document(Snapshot s)
    {
        var kept = Trim(s);
        return new FocusDocument(Triggers, s.Processes.Count - kept.Processes.Count, s.Cgroups.Count - kept.Cgroups.Count, s.Users.Count - kept.Users.Count);
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it.</summary>
    private static bool Within(string path, string root)
    {
        string r = root.TrimEnd('/');
        return r.Length == 0 || path == r || (path.Length > r.Length && path.StartsWith(r, StringComparison.Ordinal) && path[r.Length] == '/');
    }
}
