using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Native;

namespace LimitTop.Core.Sockets;

/// <summary>
/// Samples TCP/UDP sockets of the reader's network namespace: inet_diag over a netlink socket kept open for the
/// sampler's life (or /proc/net/* when netlink is refused or forced off), plus sockstat/snmp/netstat counters, the
/// ephemeral-port budget and, at a slower cadence, sockets per process. Synchronous; not thread-safe.
/// </summary>
public sealed partial class SocketSampler : IDisposable
{
    // ss's mask without ESTABLISHED (1) and TIME_WAIT (6): what the counter path still has to walk.
    private const uint SmallStates = InetDiag.AllStates & ~((1u << 1) | (1u << 6));

    private readonly ProcRoot _root;
    private readonly SocketSamplerOptions _options;
    private readonly TimeProvider _time;
    private readonly FileReader _proc;
    private readonly NetlinkDiagSocket? _netlink;
    private readonly string? _netlinkError;
    private readonly SocketTally _tally = new();
    private ProcessSocketScan? _scan;
    private byte[] _rangeBytes = [];
    private byte[] _reservedBytes = [];
    private PortFilter _ports = PortFilter.None;

    private Detail? _detail;
    private bool _sampled;
    private long _lastFull;
    private int _lastFullSockets;
    private long _lastScan;
    private long _lastSmall;
    private SocketSetFingerprint? _fullPrint;
    private readonly int[] _small = new int[16];
    private int _smallUdp4, _smallUdp6, _smallFinWait2Mini;
    private int? _unattributed;
    private long? _listenOverflowsBase;
    private long? _twOverflowsBase;

    public SocketSampler(ProcRoot root, SocketSamplerOptions? options = null, TimeProvider? time = null)
    {
        _root = root;
        _options = options ?? new SocketSamplerOptions();
        _time = time ?? TimeProvider.System;
        _proc = new FileReader(root.Proc);
        _tally.OnlyAddress = _options.OnlyAddress;
        // Netlink answers for this process's namespace: it only matches a live /proc.
        if (root.IsLive && !_options.ForceProcFallback)
        {
            _netlink = NetlinkDiagSocket.TryOpen(out int error);
            if (_netlink is null)
            {
                _netlinkError = $"netlink sock_diag refused ({Errno.Describe(error)}): reading /proc/net instead";
            }
        }
    }

    /// <summary>True when per-socket data comes from netlink.</summary>
    public bool UsesNetlink => _netlink is not null;

    /// <summary>TCP+UDP sockets held by <paramref name="pid"/> at the last process scan; null when not scanned.</summary>
    public int? SocketsOf(int pid) => _scan?.SocketsOf(pid);

    /// <summary>Full walks that were due by the clock but not made: the counters said nothing had changed.</summary>
    public int QuietWalksSkipped { get; private set; }

    /// <summary>Processes whose fds the last process scan read in full (the others were known unchanged).</summary>
    public int LastFullProcessScans => _scan?.LastFullScans ?? 0;

    /// <summary>
    /// True when <paramref name="pid"/>'s sockets have not been counted yet but will be: no scan has run (the first
    /// sample defers it) or the process appeared after the last one. False when the last scan tried and failed
    /// (<see cref="SocketsOf"/> is then null for good reason: EACCES, the process exited) or scans are off.
    /// </summary>
    public bool SocketsPending(int pid) => _options.ScanProcesses && _scan?.Saw(pid) != true;

    /// <summary>Takes one sample. <paramref name="pids"/> (the processes of the snapshot) enables the per-process scan.</summary>
    public SocketSummary Sample(IReadOnlyList<int>? pids = null)
    {
        long ts = _time.GetTimestamp();
        var now = _time.GetUtcNow();
        var warnings = new List<string>();
        if (_netlinkError is not null)
        {
            warnings.Add(_netlinkError);
        }

        Sockstat? sockstat = _proc.TryRead("net/sockstat", out var ss, out _) && SocketCounterParsers.TryParseSockstat(ss, out var sst) ? sst : null;
        TcpCounters counters = ReadCounters(sockstat, out SocketSetFingerprint? print);
        _proc.TryReadLong("sys/net/ipv4/tcp_max_tw_buckets", out long? twMax);
        _proc.TryReadLong("sys/net/ipv4/tcp_max_orphans", out long? orphanMax);
        bool portsKnown = ReadPorts();

        // The first sample is the first frame: it never scans fds (one readlink per fd, ~0.1 s per 20,000) and, at
        // scale, takes the counter path; both run on the next sample, and until then the snapshot says they are
        // pending (DetailAge / ProcessScanAge null) rather than showing zeros.
        bool first = !_sampled && _options.CheapFirstSample;
        _sampled = true;
        bool scanDue = _options.ScanProcesses && pids is not null && !first && (_lastScan == 0 || Elapsed(_lastScan, ts) >= _options.ProcessScanInterval);
        bool countersUsable = _netlink is not null && _options.OnlyAddress is null && sockstat is not null && counters.CurrEstab is not null;
        bool fullDue = scanDue || !countersUsable || _detail is null || _lastFullSockets < _options.FullScanEveryTickBelow
            || Elapsed(_lastFull, ts) >= _options.FullScanInterval;
        if (first && countersUsable && counters.CurrEstab!.Value + sockstat!.Value.TcpTimeWait >= _options.FullScanEveryTickBelow)
        {
            // No walk yet to size the namespace by: the big two states' counters stand in for it.
            fullDue = false;
        }

        // A quiet namespace: due only by the clock, and the counters say the socket set is the one the last full walk
        // counted (SocketSetFingerprint). The walk waits until they move or QuietFullScanLimit has passed; the fd scan
        // runs at its cadence with the last walk's inodes (every full walk collects them), still the namespace's sockets.
        bool quiet = fullDue && countersUsable && _detail is not null && _lastFullSockets >= _options.FullScanEveryTickBelow
            && print is not null && print == _fullPrint && Elapsed(_lastFull, ts) < _options.QuietFullScanLimit;
        if (quiet)
        {
            fullDue = false;
            QuietWalksSkipped++;
        }

        TcpStateCounts tcp;
        SocketSource source;
        int udp4, udp6;
        if (fullDue)
        {
            _tally.CollectDetail = true;
            _tally.CollectInodes = _options.ScanProcesses; // kept for the scans of a quiet namespace (above)
            source = Walk(InetDiag.AllStates, warnings);
            _fullPrint = print;
            var v4 = TcpStateCounts.FromHistogram(_tally.TcpV4);
            var v6 = TcpStateCounts.FromHistogram(_tally.TcpV6);
            tcp = v4 + v6;
            udp4 = _tally.UdpV4;
            udp6 = _tally.UdpV6;
            _detail = new Detail(ts, v4, v6, BuildPerUid(), BuildWorst());
            _lastFull = ts;
            _lastFullSockets = tcp.Total + udp4 + udp6;
            RememberSmall(ts);
            if (scanDue)
            {
                ScanProcesses(pids!, ts, warnings);
                _lastScan = ts;
            }
        }
        else
        {
            // At scale: only the small states are walked, and only every SmallStatesInterval (each walk visits every
            // socket in the kernel's hash, ~2 ms per 10,000); the two big ones come from per-namespace counters.
            _tally.CollectDetail = false;
            _tally.CollectInodes = false;
            if (Elapsed(_lastSmall, ts) >= _options.SmallStatesInterval)
            {
                source = Walk(SmallStates, warnings);
                RememberSmall(ts);
            }
            else
            {
                source = SocketSource.Netlink; // countersUsable implies netlink
            }

            Span<int> h = stackalloc int[16];
            _small.CopyTo(h);
            if (source == SocketSource.Netlink)
            {
                // CurrEstab = ESTABLISHED + CLOSE_WAIT; sockstat tw = TIME_WAIT + FIN_WAIT2 time-wait minisockets.
                h[1] = (int)Math.Max(0, counters.CurrEstab!.Value - h[8]);
                h[6] = (int)Math.Max(0, sockstat!.Value.TcpTimeWait - _smallFinWait2Mini);
            }

            tcp = TcpStateCounts.FromHistogram(h);
            udp4 = _smallUdp4;
            udp6 = _smallUdp6;
            if (scanDue && quiet)
            {
                ScanProcesses(pids!, ts, warnings);
                _lastScan = ts;
            }
        }

        if (_tally.Malformed > 0)
        {
            warnings.Add($"{_tally.Malformed} socket records could not be parsed");
        }

        _listenOverflowsBase ??= counters.ListenOverflows;
        _twOverflowsBase ??= counters.TimeWaitOverflows;
        var d = _detail;
        return new SocketSummary
        {
            TakenAt = now,
            Source = source,
            Tcp = tcp,
            TcpV4 = d?.V4,
            TcpV6 = d?.V6,
            UdpV4 = udp4,
            UdpV6 = udp6,
            DetailAge = d is null ? null : Elapsed(d.At, ts),
            TimeWaitBuckets = sockstat?.TcpTimeWait,
            TimeWaitBucketsMax = twMax,
            Orphans = sockstat?.TcpOrphan,
            OrphansMax = orphanMax,
            CurrEstab = counters.CurrEstab,
            ListenOverflows = counters.ListenOverflows,
            ListenOverflowsSinceStart = Since(counters.ListenOverflows, _listenOverflowsBase),
            ListenDrops = counters.ListenDrops,
            TimeWaitOverflows = counters.TimeWaitOverflows,
            TimeWaitOverflowsSinceStart = Since(counters.TimeWaitOverflows, _twOverflowsBase),
            EphemeralPorts = portsKnown ? new EphemeralPorts { Low = _ports.Low, High = _ports.High, Reserved = _ports.Reserved, Worst = d?.Worst } : null,
            PerUid = d?.PerUid,
            ProcessScanAge = _lastScan == 0 ? null : Elapsed(_lastScan, ts),
            ProcessScanPending = _options.ScanProcesses && pids is not null && _lastScan == 0,
            UnattributedSockets = _unattributed,
            Warnings = warnings,
        };
    }

    /// <summary>Keeps the last walk's small-state counts (and UDP) for the ticks that do not walk.</summary>
    private void RememberSmall(long ts)
    {
        for (int i = 0; i < _small.Length; i++)
        {
            _small[i] = _tally.TcpV4[i] + _tally.TcpV6[i];
        }

        _smallUdp4 = _tally.UdpV4;
        _smallUdp6 = _tally.UdpV6;
        _smallFinWait2Mini = _tally.FinWait2MiniSockets;
        _lastSmall = ts;
    }

    private SocketSource Walk(uint tcpStates, List<string> warnings)
    {
        _tally.Reset(_ports);
        if (_netlink is not null)
        {
            if (_netlink.TryDumpTcp(tcpStates, _tally, out int e)
                && _netlink.TryDump(SocketTally.AfInet, InetDiag.IpProtoUdp, InetDiag.AllStates, _tally, out e)
                && _netlink.TryDump(SocketTally.AfInet6, InetDiag.IpProtoUdp, InetDiag.AllStates, _tally, out e))
            {
                return SocketSource.Netlink;
            }

            warnings.Add($"netlink sock_diag dump failed ({Errno.Describe(e)}): read /proc/net instead");
            _tally.Reset(_ports);
        }

        ReadProcNet("net/tcp", ipv6: false, udp: false, warnings);
        ReadProcNet("net/tcp6", ipv6: true, udp: false, warnings);
        ReadProcNet("net/udp", ipv6: false, udp: true, warnings);
        ReadProcNet("net/udp6", ipv6: true, udp: true, warnings);
        return SocketSource.ProcNet;
    }

    private void ReadProcNet(string file, bool ipv6, bool udp, List<string> warnings)
    {
        if (_proc.TryRead(file, out var content, out int error))
        {
            ProcNetParser.Parse(content, ipv6, udp, _tally);
        }
        else if (error != Errno.ENOENT)
        {
            // ENOENT: IPv6 disabled; nothing to count.
            warnings.Add($"cannot read {_root.Proc}/{file}: {Errno.Describe(error)}");
        }
    }

    private List<UidSockets> BuildPerUid()
    {
        var list = new List<UidSockets>(_tally.PerUid.Count);
        foreach (var (uid, c) in _tally.PerUid)
        {
            list.Add(new UidSockets(uid, c.Tcp, c.Udp));
        }

        list.Sort((a, b) => (b.Tcp + b.Udp).CompareTo(a.Tcp + a.Udp) is var c && c != 0 ? c : a.Uid.CompareTo(b.Uid));
        return list;
    }

    private PortTuple? BuildWorst()
        => _tally.TryGetWorstTuple(out var key, out int used) ? new PortTuple(key.Local, key.Remote, key.RemotePort, used) : null;

    private void ScanProcesses(IReadOnlyList<int> pids, long ts, List<string> warnings)
    {
        _scan ??= new ProcessSocketScan(_proc) { RescanInterval = _options.ProcessRescanInterval };
        _unattributed = _scan.Scan(pids, _tally.Inodes, ts, Elapsed, out int denied);
        if (denied > 0)
        {
            warnings.Add($"sockets of {denied} processes: permission denied (run as root to see them)");
        }
    }

    private TimeSpan Elapsed(long from, long to) => _time.GetElapsedTime(from, to);

    private static long Since(long? now, long? start) => now is { } n && start is { } s ? Math.Max(0, n - s) : 0;

    public void Dispose()
    {
        _netlink?.Dispose();
        _proc.Dispose();
    }

    private sealed record Detail(long At, TcpStateCounts V4, TcpStateCounts V6, IReadOnlyList<UidSockets> PerUid, PortTuple? Worst);
}
