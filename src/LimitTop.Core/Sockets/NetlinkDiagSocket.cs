using LimitTop.Core.Procfs;
using static Tmds.Linux.LibC;
using LimitTop.Core.Native;

namespace LimitTop.Core.Sockets;

/// <summary>
/// A NETLINK_SOCK_DIAG socket opened once and kept for the sampler's life, so a tick costs no socket creation and
/// still works when the system is out of file descriptors. All calls are synchronous. Not thread-safe.
/// </summary>
public sealed unsafe class NetlinkDiagSocket : IDisposable
{
    private const int AfNetlink = 16;
    private const int SockDgram = 2;
    private const int SockCloexec = 0x80000;
    private const int NetlinkSockDiag = 4;
    private const int SolSocket = 1;
    private const int SoRcvtimeo = 20;
    private const int MsgTrunc = 0x20;

    private readonly int _fd;
    private readonly byte[] _request = new byte[Math.Max(InetDiag.RequestLength, InetDiag.CompatRequestLength)];
    private bool _bothFamiliesRefused;

    // The kernel fills dump skbs of at most 32 KiB; twice that leaves room and MSG_TRUNC still catches the rest.
    private byte[] _buffer = new byte[64 * 1024];
    private uint _seq;

    private NetlinkDiagSocket(int fd) => _fd = fd;

    /// <summary>Opens the socket; null (with errno) when the kernel or a sandbox refuses it.</summary>
    public static NetlinkDiagSocket? TryOpen(out int error)
    {
        int fd = socket(AfNetlink, SockDgram | SockCloexec, NetlinkSockDiag);
        if (fd < 0)
        {
            error = errno;
            return null;
        }

        // A dump always answers, but a stuck reply must not freeze the dashboard: give up after 2 s.
        // struct timeval { time_t tv_sec; suseconds_t tv_usec; }: two native longs on 64- and 32-bit Linux ABIs alike.
        nint* tv = stackalloc nint[2];
        tv[0] = 2;
        tv[1] = 0;
        _ = setsockopt(fd, SolSocket, SoRcvtimeo, tv, (uint)(2 * sizeof(nint)));
        error = 0;
        return new NetlinkDiagSocket(fd);
    }

    /// <summary>False once the kernel refused the one-walk TCP request (TCP is then dumped per family).</summary>
    public bool TcpInOneWalk => !_bothFamiliesRefused;

    /// <summary>
    /// Dumps every TCP socket of both families whose state bit is in <paramref name="states"/> in one walk of the
    /// kernel's tables (see <see cref="InetDiag.TcpDiagGetSock"/>), or in two per-family dumps when the kernel refuses
    /// the older request (then for good: it is not asked again).
    /// </summary>
    public bool TryDumpTcp(uint states, SocketTally tally, out int error)
    {
        if (!_bothFamiliesRefused)
        {
            int v4 = tally.TcpV4Total, v6 = tally.TcpV6Total;
            if (TryDump(InetDiag.WriteTcpRequestBothFamilies(_request, ++_seq, states), InetDiag.IpProtoTcp, tally, out error))
            {
                return true;
            }

            if (tally.TcpV4Total != v4 || tally.TcpV6Total != v6)
            {
                return false; // failed half-way: the caller starts over
            }

            _bothFamiliesRefused = true;
        }

        return TryDump(SocketTally.AfInet, InetDiag.IpProtoTcp, states, tally, out error)
            && TryDump(SocketTally.AfInet6, InetDiag.IpProtoTcp, states, tally, out error);
    }

    /// <summary>Dumps every socket of (family, protocol) whose state bit is in <paramref name="states"/> into the tally.</summary>
    public bool TryDump(byte family, byte protocol, uint states, SocketTally tally, out int error)
        => TryDump(InetDiag.WriteRequest(_request, ++_seq, family, protocol, states), protocol, tally, out error);

    private bool TryDump(int requestLength, byte protocol, SocketTally tally, out int error)
    {
        uint seq = _seq;
        byte* addr = stackalloc byte[12];
        new Span<byte>(addr, 12).Clear();
        addr[0] = AfNetlink;
        long sent;
        fixed (byte* req = _request)
        {
            do
            {
                sent = sendto(_fd, req, requestLength, 0, (Tmds.Linux.sockaddr*)addr, 12);
            }
            while (sent < 0 && errno == Errno.EINTR);
        }

        if (sent < 0)
        {
            error = errno;
            return false;
        }

        while (true)
        {
            long n;
            fixed (byte* p = _buffer)
            {
                n = recv(_fd, p, _buffer.Length, MsgTrunc);
            }

            if (n < 0)
            {
                int e = errno;
                if (e == Errno.EINTR)
                {
                    continue;
                }

                error = e;
                return false;
            }

            if (n > _buffer.Length)
            {
                // The datagram was cut: its sockets are lost. Grow for next time and report the dump as failed.
                _buffer = new byte[(int)Math.Min(n * 2, 1 << 22)];
                error = Errno.EINVAL;
                return false;
            }

            var status = InetDiag.ParseDatagram(new ReadOnlySpan<byte>(_buffer, 0, (int)n), seq, protocol, tally, out error);
            if (status == DumpStatus.Done)
            {
                return true;
            }

            if (status == DumpStatus.Error)
            {
                return false;
            }
        }
    }

    public void Dispose()
    {
        close(_fd);
        GC.SuppressFinalize(this);
    }
}
