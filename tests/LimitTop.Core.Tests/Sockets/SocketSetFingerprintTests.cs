using System.Text;
using LimitTop.Core.Sockets;

namespace LimitTop.Core.Tests.Sockets;

/// <summary>The counters that betray a changed socket set, parsed from fixture texts of snmp and sockstat6.</summary>
public sealed class SocketSetFingerprintTests
{
    private const string Snmp = """
        Ip: Forwarding DefaultTTL InReceives
        Ip: 1 64 1000
        Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs
        Tcp: 1 200 120000 -1 142295 142259 1 32034 10000 555 666
        Udp: InDatagrams NoPorts InErrors OutDatagrams
        Udp: 10 0 0 10

        """;

    private const string Sockstat6 = "TCP6: inuse 3\nUDP6: inuse 2\nUDPLITE6: inuse 0\nRAW6: inuse 0\nFRAG6: inuse 0 memory 0\n";

    private static readonly Sockstat Stat = new(TcpInUse: 10017, TcpOrphan: 0, TcpTimeWait: 5000, TcpAlloc: 10017, UdpInUse: 4);

    private static SocketSetFingerprint? Print(string snmp, Sockstat stat, string six) => SocketSetFingerprint.From(Encoding.ASCII.GetBytes(snmp), stat, Encoding.ASCII.GetBytes(six));

    [Fact]
    public void Reads_the_tcp_counters_and_both_sockstats()
    {
        var p = Print(Snmp, Stat, Sockstat6);
        Assert.Equal(new SocketSetFingerprint(142295, 142259, 1, 32034, 10000, Stat, 3, 2), p);
        Assert.Equal(p, Print(Snmp, Stat, Sockstat6)); // the same texts: the same set
    }

    [Theory]
    [InlineData("142295 142259", "142296 142259")] // a connect
    [InlineData("142259 1 32034", "142259 2 32034")] // a refused connect
    [InlineData("32034 10000", "32034 9999")] // a socket left ESTABLISHED
    public void Any_moved_tcp_counter_is_another_set(string from, string to)
    {
        Assert.NotEqual(Print(Snmp, Stat, Sockstat6), Print(Snmp.Replace(from, to, StringComparison.Ordinal), Stat, Sockstat6));
    }

    [Fact]
    public void A_moved_sockstat_or_sockstat6_count_is_another_set()
    {
        var p = Print(Snmp, Stat, Sockstat6);
        Assert.NotEqual(p, Print(Snmp, Stat with { TcpTimeWait = 4999 }, Sockstat6));
        Assert.NotEqual(p, Print(Snmp, Stat with { UdpInUse = 5 }, Sockstat6));
        Assert.NotEqual(p, Print(Snmp, Stat, Sockstat6.Replace("TCP6: inuse 3", "TCP6: inuse 4", StringComparison.Ordinal)));
        Assert.NotEqual(p, Print(Snmp, Stat, Sockstat6.Replace("UDP6: inuse 2", "UDP6: inuse 1", StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_ipv6_the_sockstat6_counts_are_zero_and_a_missing_counter_gives_none()
    {
        Assert.Equal((0L, 0L), Print(Snmp, Stat, "") is { } p ? (p.Tcp6InUse, p.Udp6InUse) : (-1L, -1L));
        Assert.Null(Print(Snmp.Replace("EstabResets", "Resets", StringComparison.Ordinal), Stat, Sockstat6));
        Assert.Null(Print("Udp: InDatagrams\nUdp: 1\n", Stat, Sockstat6));
        Assert.Null(Print(Snmp, Stat, "garbage\n"));
    }
}
