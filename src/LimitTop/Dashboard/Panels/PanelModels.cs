using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Core.Trends;

namespace LimitTop.Dashboard;

/// <summary>
/// What each panel draws, built once per shown snapshot (htop's Meter <c>updateValues</c>); the panels' draw
/// functions (<c>Draw</c>) lay these out for a width and never look at the snapshot's raw lists again.
/// Trend parts (Δ/min per PID, sparkline levels per user and cgroup) are empty without a tracker.
/// </summary>
public sealed record PanelModels(
    Snapshot Snapshot,
    IReadOnlyList<UserGrade> Users,
    CgroupsPanelModel Cgroups,
    SocketPanelData? Sockets)
{
    /// <summary>Sparklines are looked up for this many users and cgroups at most (the panels show fewer).</summary>
    public const int SparkScopes = 64;

    public Grades Grades => Snapshot.Grades;

    /// <summary>Δ/min of each process of the snapshot that has one (the Δ columns).</summary>
    public IReadOnlyDictionary<int, ProcessDelta>? Deltas { get; init; }

    /// <summary>Sparkline levels of tasks per uid.</summary>
    public IReadOnlyDictionary<int, byte[]> UserSparks { get; init; } = new Dictionary<int, byte[]>();

    /// <summary>Sparkline levels of pids.current per cgroup path.</summary>
    public IReadOnlyDictionary<string, byte[]> CgroupSparks { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>True when a process of the snapshot runs in a container (the CONTAINER column shows by itself then).</summary>
    public bool AnyContainer { get; init; }

    public static PanelModels Of(Snapshot s, TrendTracker? trends = null)
    {
        var m = new PanelModels(s, s.Grades.RankedUsers, CgroupsPanelModel.Of(s), SocketPanelData.From(s.Sockets, s.Grades))
        {
            AnyContainer = s.Names.Count > 0 && s.Names.Values.Any(n => n.IsContainer) && s.Processes.Any(p => CgroupLabels.ContainerOf(s.Names, p) is not null),
        };
        if (trends is null)
        {
            return m;
        }

        var deltas = new Dictionary<int, ProcessDelta>(s.Processes.Count);
        foreach (var p in s.Processes)
        {
            var d = trends.Deltas.Get(p.Pid, p.StartTicks);
            if (d.ThreadsPerMinute is not null || d.FdsPerMinute is not null || d.SocketsPerMinute is not null)
            {
                deltas[p.Pid] = d;
            }
        }

        var users = new Dictionary<int, byte[]>();
        foreach (var g in m.Users.Take(SparkScopes))
        {
            users[g.User.Uid] = Sparkline.Of(trends, Scope.User(g.User.Name).Key, Figures.Tasks);
        }

        var cgroups = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var c in m.Cgroups.Ordered.Take(SparkScopes))
        {
            cgroups[c.Path] = Sparkline.Of(trends, Scope.Cgroup(c.Path).Key, Figures.Tasks);
        }

        return m with { Deltas = deltas, UserSparks = users, CgroupSparks = cgroups };
    }
}
