
namespace LimitTop.Core.Model;

/// <summary>One user graded: the percent nearest a limit (-1 when none is known), its place, and its severities.</summary>
public sealed record UserGrade(UserUsage User, double WorstPercent, int Rank, Severity Nproc, Severity Worst);

/// <summary>
/// Everything a screen colours or orders by, computed in one pass over a snapshot and kept with it
/// (<see cref="Snapshot.Grades"/>; the collector grades each tick's snapshot as its last step): each user's worst
/// percent, rank and severities, each process's nofile percent, the TIME_WAIT severity. Views look these up and
/// grade nothing.
/// </summary>
public sealed class Grades
{
    private readonly Dictionary<int, UserGrade> _byUid;
    private readonly Dictionary<int, double> _nofileByPid;
    private readonly Dictionary<int, long>? _refusedByPid;

    private Grades(Snapshot s)
    {
        var ranked = s.Users
            .Select(u => (User: u, Worst: UserWorstPercent(u)))
            .OrderByDescending(x => x.Worst).ThenByDescending(x => x.User.ChargedTasks).ThenBy(x => x.User.Uid)
            .Select((x, i) => new UserGrade(x.User, x.Worst, i + 1, NprocSeverity(x.User), Severities.Of(x.Worst < 0 ? null : x.Worst)))
            .ToList();
        RankedUsers = ranked;
        _byUid = new Dictionary<int, UserGrade>(ranked.Count);
        foreach (var g in ranked)
        {
            _byUid[g.User.Uid] = g;
        }

        _nofileByPid = new Dictionary<int, double>(s.Processes.Count);
        foreach (var p in s.Processes)
        {
            if (NofilePercentOf(p) is { } pct)
            {
                _nofileByPid[p.Pid] = pct;
            }
        }

        if (s.Refusals is { } r && r.Witness.Up)
        {
            _refusedByPid = new Dictionary<int, long>(r.Processes.Count);
            foreach (var p in r.Processes)
            {
                _refusedByPid[p.Pid] = p.LastMinute;
            }
        }

        TimeWait = s.Sockets is { } so && so.TimeWaitBucketsMax is { } max
            ? Severities.Of(Severities.Percent(so.Tcp.TimeWait, max))
            : Severity.Ok;
    }

    /// <summary>Users, the one nearest a limit first, then by charged tasks, then by uid.</summary>
    public IReadOnlyList<UserGrade> RankedUsers { get; }

    /// <summary>TIME_WAIT sockets against net.ipv4.tcp_max_tw_buckets (Ok when either is unknown).</summary>
    public Severity TimeWait { get; }

    /// <summary>Grades <paramref name="s"/> now.</summary>
    public static Grades Of(Snapshot s) => new(s);

    public UserGrade? User(int uid) => _byUid.GetValueOrDefault(uid);

    /// <summary>RLIMIT_NPROC severity of the user a process is charged to (Ok for exempt or unknown users).</summary>
    public Severity NprocOf(int uid) => _byUid.TryGetValue(uid, out var g) ? g.Nproc : Severity.Ok;

    /// <summary>Task creations of the process refused in the last 60 s (the REFUSED column); null when no witness runs.</summary>
    public long? Refused(ProcessSample p) => _refusedByPid is null ? null : _refusedByPid.GetValueOrDefault(p.Pid);

    /// <summary>The process's open fds against its soft RLIMIT_NOFILE; null when either is unknown.</summary>
    public double? NofilePercent(ProcessSample p) => _nofileByPid.TryGetValue(p.Pid, out double v) ? v : null;

    public Severity NofileSeverity(ProcessSample p) => Severities.Of(NofilePercent(p));

    /// <summary>The one derivation of a process's fd ratio (the NOFILE% column, the grades, the metrics' top-by-fds choice).</summary>
    public static double? NofilePercentOf(ProcessSample p)
        => p.Fds is { } f && p.Limits?.Nofile.Soft is { } soft ? Severities.Percent(f, soft) : null;

    /// <summary>The highest of nproc (unless exempt), sigpending and worst-process nofile; -1 when none is known.</summary>
    public static double UserWorstPercent(UserUsage u)
    {
        double worst = -1;
        foreach (double? pct in (ReadOnlySpan<double?>)[u.NprocPercent, u.SigpendingPercent, u.NofilePercent])
        {
            if (pct is { } v)
            {
                worst = Math.Max(worst, v);
            }
        }

        return worst;
    }

    private static Severity NprocSeverity(UserUsage u)
        => Severities.Of(u.NprocPercent);
}
