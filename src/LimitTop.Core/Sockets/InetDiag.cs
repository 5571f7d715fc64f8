using System.Buffers.Binary;

namespace LimitTop.Core.Sockets;

/// <summary>Outcome of parsing one netlink datagram of a sock_diag dump.</summary>
public enum DumpStatus
{
    /// <summary>More datagrams follow.</summary>
    More = 0,

    /// <summary>NLMSG_DONE seen: the dump is complete.</summary>
    Done = 1,

    /// <summary>NLMSG_ERROR or a malformed datagram: the dump is unusable.</summary>
    Error = 2,
}

/// <summary>
/// inet_diag wire format (include/uapi/linux/inet_diag.h, sock_diag.h, netlink.h); all host-order fields are
/// little-endian on the machines limittop runs on, ports and addresses are network order.
/// </summary>
public static class InetDiag
{
    public const int NlmsgHeaderLength = 16;
    public const int RequestLength = 72;
    public const int MessageLength = 72;
    public const ushort NlmsgError = 2;
    public const ushort NlmsgDone = 3;
    public const ushort SockDiagByFamily = 20;

    /// <summary>
    /// The older TCP dump request (struct inet_diag_req, nlmsg_type TCPDIAG_GETSOCK). The kernel turns it into a dump
    /// with family AF_UNSPEC: one walk of the TCP hash tables answers for IPv4 and IPv6 at once, where two
    /// SOCK_DIAG_BY_FAMILY requests walk the whole established hash (262,144 buckets here) twice.
    /// </summary>
    public const ushort TcpDiagGetSock = 18;
    public const int CompatRequestLength = 16 + 60;
    public const ushort NlmFRequest = 0x1;
    public const ushort NlmFDump = 0x300;
    public const byte IpProtoTcp = 6;
    public const byte IpProtoUdp = 17;

    /// <summary>States 0..11 as <c>ss</c> asks for them (bit 12 NEW_SYN_RECV is reported as 3 anyway; bit 13 would add bound-only sockets).</summary>
    public const uint AllStates = 0xFFF;

    /// <summary>Writes a SOCK_DIAG_BY_FAMILY dump request (nlmsghdr + inet_diag_req_v2) into <paramref name="dest"/>.</summary>
    public static int WriteRequest(Span<byte> dest, uint seq, byte family, byte protocol, uint states)
    {
        var b = DumpHeader(dest, RequestLength, SockDiagByFamily, seq);
        b[16] = family;
        b[17] = protocol;
        BinaryPrimitives.WriteUInt32LittleEndian(b[20..], states);
        return RequestLength;
    }

    /// <summary>Writes a TCPDIAG_GETSOCK dump request (nlmsghdr + struct inet_diag_req): TCP of both families.</summary>
    public static int WriteTcpRequestBothFamilies(Span<byte> dest, uint seq, uint states)
    {
        var b = DumpHeader(dest, CompatRequestLength, TcpDiagGetSock, seq);
        // family (ignored for the dump), src_len, dst_len, ext = 0 (no attributes asked for), 48-byte sockid, states, dbs
        b[16] = SocketTally.AfInet;
        BinaryPrimitives.WriteUInt32LittleEndian(b[(16 + 52)..], states);
        return CompatRequestLength;
    }

    /// <summary>Clears <paramref name="length"/> bytes and writes the nlmsghdr of a dump request (pid 0: the kernel).</summary>
    private static Span<byte> DumpHeader(Span<byte> dest, int length, ushort type, uint seq)
    {
        var b = dest[..length];
        b.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(b[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(b[6..], NlmFRequest | NlmFDump);
        BinaryPrimitives.WriteUInt32LittleEndian(b[8..], seq);
        return b;
    }

    /// <summary>
    /// Parses one datagram of a dump reply and feeds every socket to <paramref name="tally"/>. Messages of another
    /// sequence number (left over from an abandoned dump) are skipped.
    /// </summary>
    public static DumpStatus ParseDatagram(ReadOnlySpan<byte> datagram, uint seq, byte protocol, SocketTally tally, out int error)
    {
        error = 0;
        while (datagram.Length >= NlmsgHeaderLength)
        {
            uint len = BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            if (len < NlmsgHeaderLength || len > datagram.Length)
            {
                error = Native.Errno.EINVAL;
                return DumpStatus.Error;
            }

            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
            uint msgSeq = BinaryPrimitives.ReadUInt32LittleEndian(datagram[8..]);
            var payload = datagram[NlmsgHeaderLength..(int)len];
            int aligned = (int)Math.Min((uint)datagram.Length, (len + 3) & ~3u);
            datagram = datagram[aligned..];
            if (msgSeq != seq)
            {
                continue;
            }

            switch (type)
            {
                case NlmsgDone:
                    return DumpStatus.Done;
                case NlmsgError:
                    int e = payload.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(payload) : -Native.Errno.EINVAL;
                    error = e == 0 ? Native.Errno.EINVAL : -e;
                    return DumpStatus.Error;
                case SockDiagByFamily:
                case TcpDiagGetSock:
                    if (!TryAddMessage(payload, protocol, tally))
                    {
                        tally.Malformed++;
                    }

                    break;
            }
        }

        return DumpStatus.More;
    }

    /// <summary>One inet_diag_msg (attributes after the first 72 bytes are ignored).</summary>
    public static bool TryAddMessage(ReadOnlySpan<byte> m, byte protocol, SocketTally tally)
    {
        if (m.Length < MessageLength)
        {
            return false;
        }

        int family = m[0];
        int state = m[1];
        int timer = m[2];
        int sport = BinaryPrimitives.ReadUInt16BigEndian(m[4..]);
        int dport = BinaryPrimitives.ReadUInt16BigEndian(m[6..]);
        int alen = family == SocketTally.AfInet6 ? 16 : 4;
        var src = m.Slice(8, alen);
        var dst = m.Slice(24, alen);
        int uid = (int)BinaryPrimitives.ReadUInt32LittleEndian(m[64..]);
        ulong inode = BinaryPrimitives.ReadUInt32LittleEndian(m[68..]);
        if (protocol == IpProtoUdp)
        {
            tally.AddUdp(family, src, dst, uid, inode);
        }
        else
        {
            tally.AddTcp(family, state, timer, src, sport, dst, dport, uid, inode);
        }

        return true;
    }
}
