namespace LimitTop.Core.Model;

/// <summary>Where the per-socket data of a <see cref="SocketSummary"/> came from.</summary>
public enum SocketSource
{
    /// <summary>NETLINK_SOCK_DIAG (inet_diag) dump, as <c>ss</c> reads it.</summary>
    Netlink = 0,

    /// <summary>/proc/net/{tcp,tcp6,udp,udp6} (netlink refused or forced off).</summary>
    ProcNet = 1,
}

/// <summary>TCP sockets per state, with the kernel's state numbers (1 ESTABLISHED … 11 CLOSING).</summary>
public sealed record TcpStateCounts
{
    /// <summary>The state names, exactly as the JSON contract and <c>ss</c>'s documentation spell them, index = state number.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"];

    public static TcpStateCounts Empty { get; } = new();

    public int Established { get; init; }
    public int SynSent { get; init; }
    public int SynRecv { get; init; }
    public int FinWait1 { get; init; }
    public int FinWait2 { get; init; }
    public int TimeWait { get; init; }
    public int Close { get; init; }
    public int CloseWait { get; init; }
    public int LastAck { get; init; }
    public int Listen { get; init; }
    public int Closing { get; init; }

    public int Total => Established + SynSent + SynRecv + FinWait1 + FinWait2 + TimeWait + Close + CloseWait + LastAck + Listen + Closing;

    /// <summary>Count for kernel state number 1..11 (0 for anything else).</summary>
    public int this[int state] => state switch
    {
        1 => Established,
        2 => SynSent,
        3 => SynRecv,
        4 => FinWait1,
        5 => FinWait2,
        6 => TimeWait,
        7 => Close,
        8 => CloseWait,
        9 => LastAck,
        10 => Listen,
        11 => Closing,
        _ => 0,
    };

    /// <summary>Builds from a histogram indexed by state number (index 0 and ≥ 12 ignored).</summary>
    public static TcpStateCounts FromHistogram(ReadOnlySpan<int> h)
    {
        Span<int> a = stackalloc int[12];
        h[..Math.Min(12, h.Length)].CopyTo(a);
        return new TcpStateCounts
        {
            Established = a[1],
            SynSent = a[2],
            SynRecv = a[3],
            FinWait1 = a[4],
            FinWait2 = a[5],
            TimeWait = a[6],
            Close = a[7],
            CloseWait = a[8],
            LastAck = a[9],
            Listen = a[10],
            Closing = a[11],
        };
    }

    public static TcpStateCounts operator +(TcpStateCounts a, TcpStateCounts b) => new()
    {
        Established = a.Established + b.Established,
        SynSent = a.SynSent + b.SynSent,
        SynRecv = a.SynRecv + b.SynRecv,
        FinWait1 = a.FinWait1 + b.FinWait1,
        FinWait2 = a.FinWait2 + b.FinWait2,
        TimeWait = a.TimeWait + b.TimeWait,
        Close = a.Close + b.Close,
        CloseWait = a.CloseWait + b.CloseWait,
        LastAck = a.LastAck + b.LastAck,
        Listen = a.Listen + b.Listen,
        Closing = a.Closing + b.Closing,
    };
}

/// <summary>
/// The (local address, remote address, remote port) tuple that holds the most ephemeral ports: connect() toward
/// it fails with EADDRNOTAVAIL once <see cref="Used"/> reaches the range size.
/// </summary>
public sealed record PortTuple(string Local, string Remote, int RemotePort, int Used);

/// <summary>ip_local_port_range minus ip_local_reserved_ports, and the most used tuple against it.</summary>
public sealed record EphemeralPorts
{
    public required int Low { get; init; }
    public required int High { get; init; }

    /// <summary>Reserved ports that fall inside [Low, High].</summary>
    public int Reserved { get; init; }

    /// <summary>Ports a connect() can pick per tuple: High − Low + 1 − Reserved.</summary>
    public int RangeSize => Math.Max(0, High - Low + 1 - Reserved);

    /// <summary>Most used tuple among non-LISTEN TCP sockets whose local port is in the range; null when none.</summary>
    public PortTuple? Worst { get; init; }
}

/// <summary>TCP and UDP sockets owned by one uid (idiag_uid / the uid column); TIME_WAIT sockets have no owner.</summary>
public sealed record UidSockets(int Uid, int Tcp, int Udp);

/// <summary>TCP/UDP socket summary of the reader's network namespace (filled by the socket sampler).</summary>
public sealed record SocketSummary
{
    public required DateTimeOffset TakenAt { get; init; }

    public required SocketSource Source { get; init; }

    /// <summary>TCP state histogram, IPv4 + IPv6, as <c>ss -tan</c> (mask 0xFFF) would count it now.</summary>
    public required TcpStateCounts Tcp { get; init; }

    /// <summary>IPv4 part of the histogram, as of <see cref="DetailAge"/>; null until the first full walk.</summary>
    public required TcpStateCounts? TcpV4 { get; init; }

    /// <summary>IPv6 part of the histogram, as of <see cref="DetailAge"/>; null until the first full walk.</summary>
    public required TcpStateCounts? TcpV6 { get; init; }

    /// <summary>UDP sockets (unconnected and connected), IPv4 + IPv6.</summary>
    public int Udp => UdpV4 + UdpV6;

    public int UdpV4 { get; init; }
    public int UdpV6 { get; init; }

    /// <summary>
    /// How old the per-socket details are (v4/v6 split, ephemeral tuple, per-uid): zero when this tick walked every
    /// socket; at scale the busy states come from counters and the full walk runs at a slower cadence. Null when no
    /// full walk has run yet (the first sample at scale): <see cref="TcpV4"/>, <see cref="TcpV6"/>,
    /// <see cref="PerUid"/> and <see cref="EphemeralPorts"/>.Worst are then not measured, not zero.
    /// </summary>
    public TimeSpan? DetailAge { get; init; }

    /// <summary>True when the per-socket details are not measured yet (see <see cref="DetailAge"/>).</summary>
    public bool DetailPending => DetailAge is null;

    /// <summary>sockstat TCP <c>tw</c>: time-wait buckets in use (TIME_WAIT plus orphaned FIN_WAIT2 minisockets).</summary>
    public long? TimeWaitBuckets { get; init; }

    /// <summary>net.ipv4.tcp_max_tw_buckets.</summary>
    public long? TimeWaitBucketsMax { get; init; }

    /// <summary>sockstat TCP <c>orphan</c> (global, not per namespace).</summary>
    public long? Orphans { get; init; }

    /// <summary>net.ipv4.tcp_max_orphans.</summary>
    public long? OrphansMax { get; init; }

    /// <summary>snmp Tcp CurrEstab = ESTABLISHED + CLOSE_WAIT.</summary>
    public long? CurrEstab { get; init; }

    /// <summary>TcpExt ListenOverflows since boot.</summary>
    public long? ListenOverflows { get; init; }

    /// <summary>Change of <see cref="ListenOverflows"/> since the sampler started.</summary>
    public long ListenOverflowsSinceStart { get; init; }

    /// <summary>TcpExt ListenDrops since boot.</summary>
    public long? ListenDrops { get; init; }

    /// <summary>TcpExt TCPTimeWaitOverflow since boot: closes that got no TIME_WAIT because the buckets were full.</summary>
    public long? TimeWaitOverflows { get; init; }

    public long TimeWaitOverflowsSinceStart { get; init; }

    public EphemeralPorts? EphemeralPorts { get; init; }

    /// <summary>Sockets per owning uid, most first, as of <see cref="DetailAge"/>; null until the first full walk.</summary>
    public IReadOnlyList<UidSockets>? PerUid { get; init; }

    /// <summary>Age of the per-process counts (fd → socket inode scan, slow cadence); null when never scanned.</summary>
    public TimeSpan? ProcessScanAge { get; init; }

    /// <summary>
    /// True when processes are to be scanned but no scan has run yet (the first sample defers it): every
    /// process's socket count is pending, not unknown.
    /// </summary>
    public bool ProcessScanPending { get; init; }

    /// <summary>Sockets whose inode no visible process holds (other users' fds without root, kernel sockets).</summary>
    public int? UnattributedSockets { get; init; }

    /// <summary>Why the data is partial (netlink refused, file unreadable …).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
