using LimitTop.Core.Sockets;

namespace LimitTop.Core.Tests.Sockets;

/// <summary>The one-walk TCP dump (TCPDIAG_GETSOCK, both families) answers what the two per-family dumps and ss do.</summary>
[Collection(nameof(SocketLiveTests))]
public sealed class NetlinkOneWalkTests
{
    [Fact]
    public void One_walk_for_both_families_equals_the_per_family_dumps_and_ss_state_by_state()
    {
        using var net = new LoopbackSockets();
        var l = net.Listen();
        net.Established(l, 30);
        using var nl = NetlinkDiagSocket.TryOpen(out int error) ?? throw new InvalidOperationException($"netlink refused: {error}");
        for (int attempt = 0; ; attempt++)
        {
            // Only the test's own loopback address: the rest of the machine churns (and is compared in SocketLiveTests).
            string[] filter = SsOracle.AddressFilter(net.Address.ToString());
            int[] before = SsOracle.TcpHistogram(filter);
            var one = new SocketTally { OnlyAddress = net.Address };
            one.Reset(PortFilter.None);
            Assert.True(nl.TryDumpTcp(InetDiag.AllStates, one, out _));
            Assert.True(nl.TcpInOneWalk, "the kernel refused TCPDIAG_GETSOCK");
            var two = new SocketTally { OnlyAddress = net.Address };
            two.Reset(PortFilter.None);
            Assert.True(nl.TryDump(SocketTally.AfInet, InetDiag.IpProtoTcp, InetDiag.AllStates, two, out _));
            Assert.True(nl.TryDump(SocketTally.AfInet6, InetDiag.IpProtoTcp, InetDiag.AllStates, two, out _));
            int[] after = SsOracle.TcpHistogram(filter);
            int[] sum = [.. Enumerable.Range(0, 16).Select(i => one.TcpV4[i] + one.TcpV6[i])];
            bool same = one.TcpV4.SequenceEqual(two.TcpV4) && one.TcpV6.SequenceEqual(two.TcpV6) && before.SequenceEqual(after)
                && before.AsSpan(1, 11).SequenceEqual(sum.AsSpan(1, 11));
            if (same)
            {
                Assert.True(one.TcpV4[1] >= 60, "the 30 loopback pairs are ESTABLISHED");
                return;
            }

            // Other programs churn sockets between the dumps: retry a few times, then show the difference.
            if (attempt == 20)
            {
                Assert.Equal(SsOracle.Format(after), SsOracle.Format(sum));
                Assert.Equal(two.TcpV4.ToArray(), one.TcpV4.ToArray());
                Assert.Equal(two.TcpV6.ToArray(), one.TcpV6.ToArray());
            }

            Thread.Sleep(100);
        }
    }
}
