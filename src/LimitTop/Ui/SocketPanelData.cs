using LimitTop.Core.Model;

namespace LimitTop.Ui;

/// <summary>The busiest local→remote:port tuple and how many ephemeral ports it holds.</summary>
public sealed record EphemeralTuple(string Local, string Remote, int RemotePort, long Used);

/// <summary>
/// What the sockets panel draws. Kept apart from <see cref="SocketSummary"/> so the panel can be built and
/// tested before the socket sampler lands; <see cref="From"/> is the one place that maps the two.
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

    /// <summary>
    /// Maps the sampler's summary. The socket summary fields are built in parallel (sockets issue); until they
    /// land the summary carries only its timestamp and the panel says so. The lead fills this in at merge.
    /// </summary>
    public static SocketPanelData? From(SocketSummary? summary) => summary is null ? null : new SocketPanelData();
}
