using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Core.Text;

namespace LimitTop.Core.Analysis;

/// <summary>
/// What the refusal witness saw, at the head of the diagnosis: "3,412 task creations refused in the last minute —
/// myapp ×10 (user bob), RLIMIT_NPROC 3,859" (issue 26), and the ranking rule that puts the limit doing the refusing
/// (a user's nproc, a cgroup's pids.max, threads-max, pid_max) before every other finding, forecasts included.
/// </summary>
public static class RefusalHeadline
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The sentence, or null when nothing was refused in the last minute (or no witness ran).</summary>
    public static string? Of(Snapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Refusals is not { LastMinute: > 0 } r || r.Processes.Count == 0)
        {
            return null;
        }

        // The program refused most, as the admin thinks of it: same name, uid and limit across its copies.
        var top = r.Processes
            .GroupBy(p => (p.Name, p.Uid, p.Limit))
            .Select(g => (g.Key, Copies: g.Count(), Count: g.Sum(p => p.LastMinute), First: g.First()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.First.Pid)
            .First();
        string who = top.Copies > 1
            ? string.Create(Inv, $"{top.Key.Name} ×{top.Copies}")
            : string.Create(Inv, $"{top.Key.Name} pid {top.First.Pid}");
        string user = top.Key.Uid is { } uid ? " (user " + UserName(s, uid) + ")" : ""; // user names are checked at read (as the diagnosis uses them)
        return string.Create(Inv,
            $"{r.LastMinute:N0} task creation{(r.LastMinute == 1 ? "" : "s")} refused in the last minute — {who}{user}, {LimitWords(s, top.Key.Limit, top.Key.Uid, top.First.Errno)}");
    }

    /// <summary>
    /// The findings with each one's <see cref="Finding.RefusedLastMinute"/> set from the witness's recent events, the
    /// refusing ones first (most refused first), the rest in the order given.
    /// </summary>
    public static IReadOnlyList<Finding> Rank(IReadOnlyList<Finding> findings, Snapshot s)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(s);
        if (s.Refusals is not { LastMinute: > 0 } r)
        {
            return findings;
        }

        var byScope = new Dictionary<(Scope Scope, LimitKind Limit), long>();
        var since = s.TakenAt - TimeSpan.FromSeconds(60);
        foreach (var e in r.Recent)
        {
            if (e.Time > since && ScopeOf(s, e) is { } key)
            {
                byScope[key] = byScope.GetValueOrDefault(key) + e.Count;
            }
        }

        if (byScope.Count == 0)
        {
            return findings;
        }

        return [.. findings
            .Select((f, i) => (F: byScope.TryGetValue((f.Scope, f.Limit), out long n) ? f with { RefusedLastMinute = n } : f, I: i))
            .OrderByDescending(x => x.F.RefusedLastMinute).ThenBy(x => x.I)
            .Select(x => x.F)];
    }

    /// <summary>The finding (scope, limit) a refusal was attributed to; null for limits the diagnosis has no row for (seccomp, memory …).</summary>
    private static (Scope, LimitKind)? ScopeOf(Snapshot s, RefusalEvent e) => e.Limit switch
    {
        RefusalLimits.Nproc when e.Uid is { } uid => (Scope.User(UserName(s, uid)), LimitKind.Nproc),
        RefusalLimits.PidsCgroup when e.Cgroup is { } c => (Scope.Cgroup(c), LimitKind.PidsMax),
        RefusalLimits.ThreadsMax => (Scope.System, LimitKind.ThreadsMax),
        RefusalLimits.PidMax => (Scope.System, LimitKind.PidMax),
        _ => null,
    };

    private static string LimitWords(Snapshot s, string limit, int? uid, int errno)
    {
        switch (limit)
        {
            case RefusalLimits.Nproc:
                var u = uid is { } id ? s.Users.FirstOrDefault(x => x.Uid == id) : null;
                return u?.Nproc.Min is { } soft ? "RLIMIT_NPROC " + soft.ToString("N0", Inv) : "RLIMIT_NPROC";
            case RefusalLimits.ThreadsMax:
                return s.System.ThreadsMax is { } t ? LimitNames.ThreadsMax + " " + t.ToString("N0", Inv) : LimitNames.ThreadsMax;
            case RefusalLimits.PidMax:
                return s.System.PidMax is { } p ? LimitNames.PidMax + " " + p.ToString("N0", Inv) : LimitNames.PidMax;
            case RefusalLimits.PidsCgroup:
                var e = s.Refusals!.Recent.FirstOrDefault(x => x.Limit == limit && x.Cgroup is not null);
                var c = e is null ? null : s.Cgroups.FirstOrDefault(x => x.Path == e.Cgroup);
                return e?.Cgroup is not { } path ? LimitNames.PidsMax
                    : c?.PidsMax is { } max ? string.Create(Inv, $"{LimitNames.PidsMax} {max:N0} of cgroup {SafeText.Escape(path)}") : LimitNames.PidsMax + " of cgroup " + SafeText.Escape(path);
            default:
                // "seccomp (EPERM)"; "unknown (EAGAIN)" names its errno already
                return limit.StartsWith("unknown", StringComparison.Ordinal) ? SafeText.Escape(limit) : SafeText.Escape(limit) + " (" + RefusalLimits.Name(errno) + ")";
        }
    }

    private static string UserName(Snapshot s, int uid)
    {
        foreach (var u in s.Users)
        {
            if (u.Uid == uid)
            {
                return u.Name;
            }
        }

        return uid.ToString(Inv);
    }
}
