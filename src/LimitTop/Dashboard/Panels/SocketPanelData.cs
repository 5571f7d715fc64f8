using LimitTop.Core.Analysis;
using LimitTop.Core.Model;

namespace LimitTop.Dashboard;

/// <summary>The busiest local→remote:port tuple and how many ephemeral ports it holds.</summary>
public sealed record EphemeralTuple(string Local, string Remote, int RemotePort, long Used);

/// <summary>
/// The sockets panel's model, built once per snapshot (<see cref="PanelModels"/>): what the panel draws, in the
/// order it draws it, with no parsing left for the draw; <see cref="From"/> is the one place that maps the
/// sampler's <see cref="SocketSummary"/> to it.
/// </summary>
public sealed record SocketPanelData
{
    /// <summary>TCP state name → sockets in it, in the order to draw.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> TcpStates { get; init; } = [];

    /// <summary>TIME_WAIT sockets vs net.ipv4.tcp_max_tw_buckets.</summary>
    public long? TimeWaitBuckets { get; init; }

    public long? TimeWaitBucketsMax { get; init; }

    /// <summary>Size of net.ipv4.ip_local_port_range.</summary>
    public long? EphemeralRange { get; init; }

    public EphemeralTuple? Worst { get; init; }

    /// <summary>The busiest tuple is not counted yet (the first frame at scale reads counters only): not "none".</summary>
    public bool WorstPending { get; init; }

    /// <summary>Overflow counters that moved since start (each one is a refused connection or a lost TIME_WAIT).</summary>
    public IReadOnlyList<string> Alerts { get; init; } = [];

    public int? Udp { get; init; }

    /// <summary>How close TIME_WAIT is to net.ipv4.tcp_max_tw_buckets, as the snapshot's grades say.</summary>
    public Severity TimeWaitSeverity { get; init; }

    /// <summary>Maps the sampler's summary: non-empty states, biggest first, so a short panel shows what matters.</summary>
    public static SocketPanelData? From(SocketSummary? summary, Grades? grades = null)
    {
        if (summary is null)
        {
            return null;
        }

        var states = new List<KeyValuePair<string, long>>();
        for (int i = 1; i < TcpStateCounts.Names.Count; i++)
        {
            int n = summary.Tcp[i];
            if (n > 0)
            {
                states.Add(new(TcpStateCounts.Names[i], n));
            }
        }

        states.Sort((a, b) => b.Value.CompareTo(a.Value));
        var alerts = new List<string>();
        if (summary.ListenOverflowsSinceStart > 0)
        {
            alerts.Add(Cells.Grouped(summary.ListenOverflowsSinceStart) + " listen-queue overflows since start");
        }

        if (summary.TimeWaitOverflowsSinceStart > 0)
        {
            alerts.Add(Cells.Grouped(summary.TimeWaitOverflowsSinceStart) + " closes got no TIME_WAIT (buckets full) since start");
        }

        var eph = summary.EphemeralPorts;
        return new SocketPanelData
        {
            TcpStates = states,
            TimeWaitBuckets = summary.TimeWaitBuckets,
            TimeWaitBucketsMax = summary.TimeWaitBucketsMax,
            EphemeralRange = eph?.RangeSize,
            Worst = eph?.Worst is { } w ? new EphemeralTuple(w.Local, w.Remote, w.RemotePort, w.Used) : null,
            WorstPending = summary.DetailPending,
            Alerts = alerts,
            Udp = summary.Udp,
            TimeWaitSeverity = grades?.TimeWait ?? Severity.Ok,
        };
    }
}
