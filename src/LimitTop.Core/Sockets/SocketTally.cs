using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LimitTop.Core.Sockets;

/// <summary>
/// Per-tick accumulator fed one socket at a time by the netlink and the /proc parsers; reused across ticks so a
/// sample allocates nothing per socket once the tables have grown.
/// </summary>
public sealed class SocketTally
{
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int TimeWaitTimer = 3;

    private readonly int[] _v4 = new int[16];
    private readonly int[] _v6 = new int[16];
    private readonly Dictionary<int, (int Tcp, int Udp)> _perUid = [];
    private readonly Dictionary<TupleKey, int> _tuples = [];
    private readonly HashSet<ulong> _inodes = [];
    private PortFilter _ports = PortFilter.None;
    private byte[]? _only;
    private int _onlyFamily;

    /// <summary>Collect (local, remote, remote port) groups and per-uid counts (off on the cheap counter path).</summary>
    public bool CollectDetail { get; set; } = true;

    /// <summary>Collect the inodes of all sockets for the fd → socket join (a walk without keeps the last set).</summary>
    public bool CollectInodes { get; set; }

    public ReadOnlySpan<int> TcpV4 => _v4;
    public ReadOnlySpan<int> TcpV6 => _v6;
    public int TcpV4Total { get; private set; }
    public int TcpV6Total { get; private set; }
    public int UdpV4 { get; private set; }
    public int UdpV6 { get; private set; }

    /// <summary>FIN_WAIT2 sockets that are time-wait minisockets (timer 3): sockstat's <c>tw</c> counts them too.</summary>
    public int FinWait2MiniSockets { get; private set; }

    /// <summary>Lines or messages that could not be parsed.</summary>
    public int Malformed { get; set; }

    /// <summary>
    /// Count only sockets whose local or remote address is this one (null: all). Lets tests compare exact counts on a
    /// dedicated loopback address while other programs churn sockets elsewhere.
    /// </summary>
    public System.Net.IPAddress? OnlyAddress
    {
        get => _only is null ? null : new System.Net.IPAddress(_only);
        set
        {
            _only = value?.GetAddressBytes();
            _onlyFamily = value?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? AfInet6 : AfInet;
        }
    }

    public IReadOnlyDictionary<int, (int Tcp, int Udp)> PerUid => _perUid;
    public IReadOnlySet<ulong> Inodes => _inodes;

    public void Reset(PortFilter ports)
    {
        Array.Clear(_v4);
        Array.Clear(_v6);
        UdpV4 = UdpV6 = TcpV4Total = TcpV6Total = 0;
        FinWait2MiniSockets = 0;
        Malformed = 0;
        _perUid.Clear();
        _tuples.Clear();
        if (CollectInodes)
        {
            _inodes.Clear(); // else the last collecting walk's set stays (the sampler's quiet-namespace scans use it)
        }

        _ports = ports;
    }

    /// <summary>One TCP socket. Addresses are raw network-order bytes (4 for IPv4, 16 for IPv6); ports host order.</summary>
    public void AddTcp(int family, int state, int timer, ReadOnlySpan<byte> local, int localPort, ReadOnlySpan<byte> remote,
        int remotePort, int uid, ulong inode)
    {
        if (_only is not null && !Matches(family, local, remote))
        {
            return;
        }

        var h = family == AfInet6 ? _v6 : _v4;
        if (family == AfInet6)
        {
            TcpV6Total++;
        }
        else
        {
            TcpV4Total++;
        }

        if ((uint)state < (uint)h.Length)
        {
            h[state]++;
        }

        if (state == 5 && timer == TimeWaitTimer)
        {
            FinWait2MiniSockets++;
        }

        if (CollectInodes && inode != 0)
        {
            _inodes.Add(inode);
        }

        if (!CollectDetail)
        {
            return;
        }

        // Only sockets held by a file have a meaningful owner: inet_diag reports uid 0 for TIME_WAIT and request
        // sockets while /proc reports the listener's uid for requests; counting inode ≠ 0 makes both sources agree.
        if (inode != 0)
        {
            ref var c = ref CollectionsMarshal.GetValueRefOrAddDefault(_perUid, uid, out _);
            c.Tcp++;
        }

        if (state != 10 && _ports.IsEphemeral(localPort))
        {
            var key = new TupleKey(family, local, remote, remotePort);
            CollectionsMarshal.GetValueRefOrAddDefault(_tuples, key, out _)++;
        }
    }

    public void AddUdp(int family, ReadOnlySpan<byte> local, ReadOnlySpan<byte> remote, int uid, ulong inode)
    {
        if (_only is not null && !Matches(family, local, remote))
        {
            return;
        }

        if (family == AfInet6)
        {
            UdpV6++;
        }
        else
        {
            UdpV4++;
        }

        if (CollectInodes && inode != 0)
        {
            _inodes.Add(inode);
        }

        if (CollectDetail && inode != 0)
        {
            ref var c = ref CollectionsMarshal.GetValueRefOrAddDefault(_perUid, uid, out _);
            c.Udp++;
        }
    }

    private bool Matches(int family, ReadOnlySpan<byte> local, ReadOnlySpan<byte> remote)
        => family == _onlyFamily && (local.SequenceEqual(_only) || remote.SequenceEqual(_only));

    /// <summary>The largest (family, local, remote, remote port) group; ties go to the lowest key for stable output.</summary>
    public bool TryGetWorstTuple(out TupleKey key, out int count)
    {
        key = default;
        count = 0;
        foreach (var (k, c) in _tuples)
        {
            if (c > count || (c == count && k.CompareTo(key) < 0))
            {
                key = k;
                count = c;
            }
        }

        return count > 0;
    }

    /// <summary>Number of sockets in the group of this tuple (0 when none).</summary>
    public int CountOf(TupleKey key) => _tuples.TryGetValue(key, out int c) ? c : 0;
}

/// <summary>(address family, local address, remote address, remote port): the unit connect() allocates ports per.</summary>
public readonly record struct TupleKey : IComparable<TupleKey>
{
    public TupleKey(int family, ReadOnlySpan<byte> local, ReadOnlySpan<byte> remote, int remotePort)
    {
        Family = family;
        RemotePort = remotePort;
        Span<byte> l = stackalloc byte[16];
        Span<byte> r = stackalloc byte[16];
        local[..Math.Min(16, local.Length)].CopyTo(l);
        remote[..Math.Min(16, remote.Length)].CopyTo(r);
        L0 = BinaryPrimitives.ReadUInt64BigEndian(l);
        L1 = BinaryPrimitives.ReadUInt64BigEndian(l[8..]);
        R0 = BinaryPrimitives.ReadUInt64BigEndian(r);
        R1 = BinaryPrimitives.ReadUInt64BigEndian(r[8..]);
    }

    public int Family { get; }
    public int RemotePort { get; }
    public ulong L0 { get; }
    public ulong L1 { get; }
    public ulong R0 { get; }
    public ulong R1 { get; }

    public string Local => Format(L0, L1);
    public string Remote => Format(R0, R1);

    public int CompareTo(TupleKey other)
    {
        int c = Family.CompareTo(other.Family);
        if (c == 0) { c = L0.CompareTo(other.L0); }
        if (c == 0) { c = L1.CompareTo(other.L1); }
        if (c == 0) { c = R0.CompareTo(other.R0); }
        if (c == 0) { c = R1.CompareTo(other.R1); }
        if (c == 0) { c = RemotePort.CompareTo(other.RemotePort); }
        return c;
    }

    private string Format(ulong hi, ulong lo)
    {
        Span<byte> b = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(b, hi);
        BinaryPrimitives.WriteUInt64BigEndian(b[8..], lo);
        return new System.Net.IPAddress(Family == SocketTally.AfInet6 ? b : b[..4]).ToString();
    }
}

/// <summary>The ephemeral range [Low, High] minus ip_local_reserved_ports.</summary>
public sealed class PortFilter
{
    public static PortFilter None { get; } = new(1, 0, null);

    private readonly ulong[]? _reserved;

    public PortFilter(int low, int high, ulong[]? reservedBits)
    {
        Low = low;
        High = high;
        _reserved = reservedBits;
        int n = 0;
        for (int p = Math.Max(0, low); p <= high && p < 65536; p++)
        {
            if (IsReserved(p))
            {
                n++;
            }
        }

        Reserved = n;
    }

    public int Low { get; }
    public int High { get; }

    /// <summary>Reserved ports inside the range.</summary>
    public int Reserved { get; }

    public bool IsReserved(int port) => _reserved is { } r && (uint)port < 65536 && (r[port >> 6] & (1UL << (port & 63))) != 0;

    public bool IsEphemeral(int port) => port >= Low && port <= High && !IsReserved(port);
}
