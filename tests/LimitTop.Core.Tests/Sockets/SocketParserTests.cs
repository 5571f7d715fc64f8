using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sockets;
using LimitTop.Core.Native;

namespace LimitTop.Core.Tests.Sockets;

public sealed class SocketParserTests
{
    private static string FixtureProc([CallerFilePath] string here = "")
        => Path.Combine(Path.GetDirectoryName(here)!, "..", "Fixtures", "net", "proc");

    private static PortFilter DefaultPorts => new(32768, 60999, SocketCounterParsers.ParseReservedPorts("35554,40000-40001"u8));

    [Fact]
    public void Proc_net_tcp_fixture_gives_every_state()
    {
        var t = new SocketTally();
        t.Reset(DefaultPorts);
        ProcNetParser.Parse(File.ReadAllBytes(Path.Combine(FixtureProc(), "net", "tcp")), ipv6: false, udp: false, t);
        var c = TcpStateCounts.FromHistogram(t.TcpV4);
        Assert.Equal(4, c.Established);
        Assert.Equal(1, c.SynSent);
        Assert.Equal(1, c.SynRecv);
        Assert.Equal(1, c.FinWait1);
        Assert.Equal(2, c.FinWait2);
        Assert.Equal(1, c.TimeWait);
        Assert.Equal(1, c.Close);
        Assert.Equal(1, c.CloseWait);
        Assert.Equal(1, c.LastAck);
        Assert.Equal(2, c.Listen);
        Assert.Equal(1, c.Closing);
        Assert.Equal(16, c.Total);
        Assert.Equal(1, t.FinWait2MiniSockets);
        Assert.Equal(1, t.Malformed);
        Assert.True(t.TryGetWorstTuple(out var key, out int used));
        Assert.Equal(("127.0.0.1", "127.0.0.1", 5555, 5), (key.Local, key.Remote, key.RemotePort, used));
    }

    [Fact]
    public void Proc_net_tcp6_fixture_decodes_addresses_and_mapped_ipv4()
    {
        var t = new SocketTally();
        t.Reset(DefaultPorts);
        ProcNetParser.Parse(File.ReadAllBytes(Path.Combine(FixtureProc(), "net", "tcp6")), ipv6: true, udp: false, t);
        var c = TcpStateCounts.FromHistogram(t.TcpV6);
        Assert.Equal((1, 5, 1, 7), (c.Listen, c.Established, c.TimeWait, c.Total));
        Assert.Equal(0, t.TcpV4.ToArray().Sum());
        // Ports 40000 and 40001 are reserved: only the TIME_WAIT on 40002 counts toward [::1]:22.
        Assert.Equal(1, t.CountOf(new TupleKey(SocketTally.AfInet6, IPAddress.IPv6Loopback.GetAddressBytes(), IPAddress.IPv6Loopback.GetAddressBytes(), 22)));
        var mapped = IPAddress.Parse("::ffff:127.0.0.1").GetAddressBytes();
        Assert.Equal(1, t.CountOf(new TupleKey(SocketTally.AfInet6, mapped, mapped, 5555)));
    }

    [Theory]
    [InlineData("   0: 0100007F:15B3 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 651 1 0000000000000000 100 0 0 10 0", 10, 0, 5555, 0, 0, 651)]
    [InlineData("   4: 0100007F:8AE4 0100007F:15B3 06 00000000:00000000 03:0000173D 00000000     0        0 0 3 0000000000000000", 6, 3, 35556, 5555, 0, 0)]
    [InlineData("  12: 0A00020F:01BB C0A80001:FFFF 01 00000010:00000000 01:00000014 00000002 65534        0 4294967296 2", 1, 1, 443, 65535, 65534, 4294967296)]
    public void Proc_net_tcp_line_fields(string line, int state, int timer, int lport, int rport, int uid, long inode)
    {
        Span<byte> l = stackalloc byte[16];
        Span<byte> r = stackalloc byte[16];
        Assert.True(ProcNetParser.TryParseLine(System.Text.Encoding.ASCII.GetBytes(line), false, l, r, out var p));
        Assert.Equal((state, timer, lport, rport, uid, (ulong)inode), (p.State, p.Timer, p.LocalPort, p.RemotePort, p.Uid, p.Inode));
    }

    [Fact]
    public void Proc_net_tcp_address_is_network_order()
    {
        Span<byte> l = stackalloc byte[16];
        Span<byte> r = stackalloc byte[16];
        Assert.True(ProcNetParser.TryParseLine("  12: 0A00020F:01BB C0A80001:FFFF 01 00000010:00000000 01:00000014 00000002 65534 0 7 2"u8, false, l, r, out _));
        Assert.Equal("15.2.0.10", new IPAddress(l[..4]).ToString());
        Assert.Equal("1.0.168.192", new IPAddress(r[..4]).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   0:")]
    [InlineData("   0: 0100007F:15B3")]
    [InlineData("   0: 0100007F15B3 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 651")]
    [InlineData("   0: 0100007F:15B3 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 6x1")]
    [InlineData("   0: 0100007F:1FFFFF 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 651")]
    [InlineData("   0: 0100007G:15B3 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 651")]
    [InlineData("   0: 00000000000000000000000001000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1")]
    public void Proc_net_tcp_bad_lines_are_rejected(string line)
    {
        Span<byte> l = stackalloc byte[16];
        Span<byte> r = stackalloc byte[16];
        Assert.False(ProcNetParser.TryParseLine(System.Text.Encoding.ASCII.GetBytes(line), false, l, r, out _));
    }

    [Fact]
    public void Fixture_tree_sample_has_histogram_udp_counters_ports_and_uids()
    {
        using var sampler = new SocketSampler(new ProcRoot(FixtureProc(), "/nonexistent-sys", "/nonexistent-etc"));
        Assert.False(sampler.UsesNetlink);
        var s = sampler.Sample();
        Assert.Equal(SocketSource.ProcNet, s.Source);
        // /proc/net has no counter path: even the first sample walks every socket
        Assert.Equal(TimeSpan.Zero, s.DetailAge);
        Assert.Equal(16, s.TcpV4!.Total);
        Assert.Equal(7, s.TcpV6!.Total);
        Assert.Equal(23, s.Tcp.Total);
        Assert.Equal(4 + 5, s.Tcp.Established);
        Assert.Equal((2, 1, 3), (s.UdpV4, s.UdpV6, s.Udp));
        Assert.Equal(3, s.TimeWaitBuckets);
        Assert.Equal(131072, s.TimeWaitBucketsMax);
        Assert.Equal(1, s.Orphans);
        Assert.Equal(65536, s.OrphansMax);
        Assert.Equal(11, s.CurrEstab);
        Assert.Equal((17L, 19L, 4L), (s.ListenOverflows, s.ListenDrops, s.TimeWaitOverflows));
        var e = s.EphemeralPorts!;
        Assert.Equal((32768, 60999, 3, 28229), (e.Low, e.High, e.Reserved, e.RangeSize));
        Assert.Equal(new PortTuple("127.0.0.1", "127.0.0.1", 5555, 5), e.Worst);
        Assert.Equal(
            [new UidSockets(1000, 12, 1), new UidSockets(0, 5, 2), new UidSockets(33, 2, 0)],
            s.PerUid);
        Assert.Contains(s.Warnings, w => w.Contains("1 socket records", StringComparison.Ordinal));
    }

    [Fact]
    public void Request_bytes_match_inet_diag_req_v2()
    {
        var b = new byte[InetDiag.RequestLength];
        InetDiag.WriteRequest(b, 0x01020304, SocketTally.AfInet6, InetDiag.IpProtoTcp, 0xFFF);
        byte[] expected =
        [
            72, 0, 0, 0,  20, 0,  0x01, 0x03,  4, 3, 2, 1,  0, 0, 0, 0,   // nlmsghdr: len, SOCK_DIAG_BY_FAMILY, REQUEST|DUMP, seq, pid
            10, 6, 0, 0,  0xFF, 0x0F, 0, 0,                                // family, protocol, ext, pad, states
            .. new byte[48],                                               // inet_diag_sockid: all zero for a dump
        ];
        Assert.Equal(expected, b);
    }

    [Fact]
    public void Tcp_request_for_both_families_matches_struct_inet_diag_req()
    {
        var b = new byte[InetDiag.CompatRequestLength];
        InetDiag.WriteTcpRequestBothFamilies(b, 0x01020304, 0xFFF);
        byte[] expected =
        [
            76, 0, 0, 0,  18, 0,  0x01, 0x03,  4, 3, 2, 1,  0, 0, 0, 0,   // nlmsghdr: len, TCPDIAG_GETSOCK, REQUEST|DUMP, seq, pid
            2, 0, 0, 0,                                                    // family, src_len, dst_len, ext = 0
            .. new byte[48],                                               // inet_diag_sockid: all zero for a dump
            0xFF, 0x0F, 0, 0,  0, 0, 0, 0,                                 // states, dbs
        ];
        Assert.Equal(expected, b);
    }

    [Fact]
    public void Netlink_reply_built_byte_by_byte()
    {
        var reply = new List<byte>();
        // A full IPv4 socket with attributes (124 bytes, as the kernel sends with ext = 0).
        reply.AddRange(DiagMessage(seq: 7, family: 2, state: 1, timer: 0, sport: 40000, dport: 5555, src: [127, 0, 0, 1], dst: [127, 0, 0, 9], uid: 1000, inode: 777, attributes: 124 - 88));
        // A time-wait minisocket in FIN_WAIT2: timer 3, no attributes (96 bytes), uid and inode 0.
        reply.AddRange(DiagMessage(seq: 7, family: 2, state: 5, timer: 3, sport: 40001, dport: 5555, src: [127, 0, 0, 1], dst: [127, 0, 0, 9], uid: 0, inode: 0, attributes: 0));
        // Left over from an abandoned dump: another sequence number, must be skipped.
        reply.AddRange(DiagMessage(seq: 6, family: 2, state: 10, timer: 0, sport: 22, dport: 0, src: [0, 0, 0, 0], dst: [0, 0, 0, 0], uid: 0, inode: 5, attributes: 0));
        // IPv6 LISTEN on [::1]:22.
        reply.AddRange(DiagMessage(seq: 7, family: 10, state: 10, timer: 0, sport: 22, dport: 0, src: [.. new byte[15], 1], dst: new byte[16], uid: 0, inode: 900, attributes: 8));

        var t = new SocketTally();
        t.Reset(new PortFilter(32768, 60999, null));
        t.CollectInodes = true;
        Assert.Equal(DumpStatus.More, InetDiag.ParseDatagram(reply.ToArray(), 7, InetDiag.IpProtoTcp, t, out _));
        Assert.Equal(DumpStatus.Done, InetDiag.ParseDatagram(Header(16, 3, 7), 7, InetDiag.IpProtoTcp, t, out _));

        Assert.Equal(1, t.TcpV4[1]);
        Assert.Equal(1, t.TcpV4[5]);
        Assert.Equal(0, t.TcpV4[10]);
        Assert.Equal(1, t.TcpV6[10]);
        Assert.Equal(1, t.FinWait2MiniSockets);
        Assert.Equal([777UL, 900UL], t.Inodes.Order());
        Assert.Equal((1, 0), t.PerUid[1000]);
        Assert.Equal((1, 0), t.PerUid[0]);
        Assert.True(t.TryGetWorstTuple(out var key, out int used));
        Assert.Equal(("127.0.0.1", "127.0.0.9", 5555, 2), (key.Local, key.Remote, key.RemotePort, used));
        Assert.Equal(0, t.Malformed);
    }

    [Fact]
    public void Netlink_udp_reply_counts_udp()
    {
        var t = new SocketTally();
        t.Reset(PortFilter.None);
        var msg = DiagMessage(seq: 1, family: 2, state: 7, timer: 0, sport: 53, dport: 0, src: [127, 0, 0, 53], dst: [0, 0, 0, 0], uid: 101, inode: 3, attributes: 0);
        Assert.Equal(DumpStatus.More, InetDiag.ParseDatagram(msg, 1, InetDiag.IpProtoUdp, t, out _));
        Assert.Equal((1, 0, 0), (t.UdpV4, t.UdpV6, t.TcpV4[7]));
        Assert.Equal((0, 1), t.PerUid[101]);
    }

    [Fact]
    public void Netlink_error_message_gives_errno()
    {
        var e = Header(36, 2, 9);
        BinaryPrimitives.WriteInt32LittleEndian(e.AsSpan(16), -1); // -EPERM
        Assert.Equal(DumpStatus.Error, InetDiag.ParseDatagram(e, 9, InetDiag.IpProtoTcp, new SocketTally(), out int errno));
        Assert.Equal(Errno.EPERM, errno);
    }

    [Theory]
    [InlineData(200)] // length beyond the datagram
    [InlineData(8)]   // shorter than a header
    public void Netlink_malformed_length_is_an_error_not_a_crash(int len)
    {
        var m = DiagMessage(seq: 1, family: 2, state: 1, timer: 0, sport: 1, dport: 2, src: [127, 0, 0, 1], dst: [127, 0, 0, 1], uid: 0, inode: 1, attributes: 0);
        BinaryPrimitives.WriteUInt32LittleEndian(m, (uint)len);
        Assert.Equal(DumpStatus.Error, InetDiag.ParseDatagram(m, 1, InetDiag.IpProtoTcp, new SocketTally(), out _));
    }

    [Fact]
    public void Netlink_truncated_message_is_counted_as_malformed()
    {
        var m = Header(16 + 40, InetDiag.SockDiagByFamily, 1);
        var t = new SocketTally();
        Assert.Equal(DumpStatus.More, InetDiag.ParseDatagram(m, 1, InetDiag.IpProtoTcp, t, out _));
        Assert.Equal(1, t.Malformed);
    }

    [Fact]
    public void Counter_files_parse()
    {
        Assert.True(SocketCounterParsers.TryParseSockstat("sockets: used 5\nTCP: inuse 14 orphan 1 tw 1000 alloc 22 mem 5\nUDP: inuse 2 mem 1\n"u8, out var s));
        Assert.Equal(new Sockstat(14, 1, 1000, 22, 2), s);
        Assert.False(SocketCounterParsers.TryParseSockstat("sockets: used 5\n"u8, out _));
        Assert.True(SocketCounterParsers.TryParseSockstat6("TCP6: inuse 6\nUDP6: inuse 1\n"u8, out long t6, out long u6));
        Assert.Equal((6L, 1L), (t6, u6));
        var snmp = "Ip: A B\nIp: 1 2\nTcp: RtoAlgorithm CurrEstab\nTcp: 1 19000\n"u8;
        Assert.Equal(19000, SocketCounterParsers.FindCounter(snmp, "Tcp:"u8, "CurrEstab"u8));
        Assert.Null(SocketCounterParsers.FindCounter(snmp, "Tcp:"u8, "Nope"u8));
        Assert.Null(SocketCounterParsers.FindCounter("Tcp: CurrEstab\n"u8, "Tcp:"u8, "CurrEstab"u8));
        Assert.True(SocketCounterParsers.TryParsePortRange("40000\t40099\n"u8, out int lo, out int hi));
        Assert.Equal((40000, 40099), (lo, hi));
        Assert.False(SocketCounterParsers.TryParsePortRange("5 4"u8, out _, out _));
    }

    [Theory]
    [InlineData("", 32768, 60999, 0, 28232)]
    [InlineData("\n", 32768, 60999, 0, 28232)]
    [InlineData("8080,32768-32867,60999,61000-61010", 32768, 60999, 101, 28131)]
    [InlineData("40010,40000-40004,junk,7-", 40000, 40099, 6, 94)]
    public void Ephemeral_range_minus_reserved(string reserved, int low, int high, int inRange, int size)
    {
        var f = new PortFilter(low, high, SocketCounterParsers.ParseReservedPorts(System.Text.Encoding.ASCII.GetBytes(reserved)));
        Assert.Equal(inRange, f.Reserved);
        Assert.Equal(size, new EphemeralPorts { Low = low, High = high, Reserved = f.Reserved }.RangeSize);
    }

    [Theory]
    [InlineData("socket:[12345]", true, 12345)]
    [InlineData("socket:[]", false, 0)]
    [InlineData("socket:[12a]", false, 0)]
    [InlineData("pipe:[12345]", false, 0)]
    [InlineData("anon_inode:[eventpoll]", false, 0)]
    [InlineData("/dev/null", false, 0)]
    public void Fd_link_parse(string link, bool ok, long inode)
    {
        Assert.Equal(ok, FdSocketScanner.TryParseSocketLink(System.Text.Encoding.ASCII.GetBytes(link), out ulong i));
        Assert.Equal((ulong)inode, i);
    }

    [Fact]
    public void State_names_are_the_contract()
    {
        Assert.Equal(
            ["ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"],
            TcpStateCounts.Names.Skip(1));
        var c = TcpStateCounts.FromHistogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 99]);
        Assert.Equal(66, c.Total);
        for (int i = 1; i < 12; i++)
        {
            Assert.Equal(i, c[i]);
        }
    }

    private static byte[] Header(int len, ushort type, uint seq)
    {
        var b = new byte[len];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)len);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(6), 0x2); // NLM_F_MULTI
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), seq);
        return b;
    }

    private static byte[] DiagMessage(uint seq, byte family, byte state, byte timer, ushort sport, ushort dport, byte[] src, byte[] dst, uint uid, uint inode, int attributes)
    {
        int len = 16 + 72 + attributes;
        var b = Header(len, InetDiag.SockDiagByFamily, seq);
        var m = b.AsSpan(16);
        m[0] = family;
        m[1] = state;
        m[2] = timer;
        BinaryPrimitives.WriteUInt16BigEndian(m[4..], sport);
        BinaryPrimitives.WriteUInt16BigEndian(m[6..], dport);
        src.CopyTo(m[8..]);
        dst.CopyTo(m[24..]);
        BinaryPrimitives.WriteUInt32LittleEndian(m[64..], uid);
        BinaryPrimitives.WriteUInt32LittleEndian(m[68..], inode);
        for (int i = 72; i < m.Length; i++)
        {
            m[i] = 0xAB; // attribute bytes the parser must skip
        }

        return b;
    }
}
