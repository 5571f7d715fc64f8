namespace LimitTop.Core.Sockets;

public sealed record SocketSamplerOptions
{
    /// <summary>Read /proc/net/{tcp,tcp6,udp,udp6} even when netlink works (tests, or a kernel without sock_diag).</summary>
    public bool ForceProcFallback { get; init; }

    /// <summary>
    /// Below this many sockets (as of the last full walk) every tick walks every socket. Above it, ESTABLISHED and
    /// TIME_WAIT come from counters (snmp CurrEstab, sockstat tw), the other states from a state-filtered dump, and
    /// the full walk (v4/v6 split, ephemeral tuple, per-uid) runs every <see cref="FullScanInterval"/>.
    /// </summary>
    public int FullScanEveryTickBelow { get; init; } = 4000;

    public TimeSpan FullScanInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// On the counter path, a full walk that is due by <see cref="FullScanInterval"/> waits while the namespace's
    /// socket counters (<see cref="SocketSetFingerprint"/>) are those of the last full walk — the walk would count
    /// the same sockets — but no longer than this since the last one: the bound on how old the per-uid, per-tuple and
    /// v4/v6 figures get when a change nets out within one tick. Zero: walk at every FullScanInterval.
    /// </summary>
    public TimeSpan QuietFullScanLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Count sockets per process (one readlink per fd of every process).</summary>
    public bool ScanProcesses { get; init; } = true;

    /// <summary>
    /// Count only sockets with this local or remote address (null: all). Counters cannot be filtered, so a filter
    /// makes every tick a full walk.
    /// </summary>
    public System.Net.IPAddress? OnlyAddress { get; init; }

    /// <summary>
    /// On the counter path, how often the small states (SYN_RECV, CLOSE_WAIT, FIN_WAIT…, UDP) are walked; in
    /// between, their last counts are shown (so they are at most this stale). The walk still visits every socket in
    /// the kernel's hash, ~4 ms a tick at 15,000 sockets; the big two states stay live from counters each tick.
    /// </summary>
    public TimeSpan SmallStatesInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan ProcessScanInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Between full scans, a process's fds are read again only when its fd count, its identity or one of its sockets
    /// changed (see ProcessSocketScan); this bounds how long a change those checks miss (a pipe swapped for a socket
    /// at the same fd count) can go unseen. Zero: every process scan reads every fd.
    /// </summary>
    public TimeSpan ProcessRescanInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The first sample (the dashboard's first frame) scans no fds and, when the counters say there are at least
    /// <see cref="FullScanEveryTickBelow"/> ESTABLISHED + TIME_WAIT sockets, walks only the small states: the full
    /// walk and the fd scan run on the second sample. Until then the summary marks those figures pending.
    /// </summary>
    public bool CheapFirstSample { get; init; } = true;
}
