using System.Text.Json;
using LimitTop.Core.Export;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Sockets;

namespace LimitTop.Core.Tests.Sockets;

[Collection(nameof(SocketLiveTests))]
public sealed class SocketExportTests
{
    [Fact]
    public void Snapshot_json_and_text_carry_the_socket_contract()
    {
        using var net = new LoopbackSockets();
        var l = net.Listen();
        net.Established(l, 7);
        using var sampler = new Sampler(ProcRoot.Default);
        _ = sampler.Sample(); // as --once: the first sample defers the fd scan, the second has everything
        var snap = sampler.Sample();

        Assert.NotNull(snap.Sockets);
        Assert.False(snap.Sockets.DetailPending);
        Assert.False(snap.Sockets.ProcessScanPending);
        var self = snap.Processes.Single(p => p.Pid == Environment.ProcessId);
        Assert.True(self.Sockets >= 15, $"test process holds at least 15 loopback sockets, got {self.Sockets}");

        using var doc = JsonDocument.Parse(JsonExport.Serialize(snap));
        var so = doc.RootElement.GetProperty("sockets");
        var tcp = so.GetProperty("tcp");
        Assert.Equal(
            ["ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"],
            tcp.EnumerateObject().Select(p => p.Name));
        Assert.Equal(snap.Sockets.Tcp.Established, tcp.GetProperty("ESTABLISHED").GetInt32());
        Assert.True(tcp.GetProperty("ESTABLISHED").GetInt32() >= 14);
        Assert.Equal(snap.Sockets.Udp, so.GetProperty("udp").GetInt32());
        Assert.Equal(snap.Sockets.TimeWaitBuckets, so.GetProperty("timeWaitBuckets").GetProperty("used").GetInt64());
        Assert.Equal(snap.Sockets.TimeWaitBucketsMax, so.GetProperty("timeWaitBuckets").GetProperty("max").GetInt64());
        var eph = so.GetProperty("ephemeralPorts");
        Assert.Equal(snap.Sockets.EphemeralPorts!.RangeSize, eph.GetProperty("rangeSize").GetInt32());
        var worst = eph.GetProperty("worst");
        foreach (var name in (string[])["local", "remote", "remotePort", "used"])
        {
            Assert.True(worst.TryGetProperty(name, out _), name);
        }

        var selfDoc = doc.RootElement.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("pid").GetInt32() == Environment.ProcessId);
        Assert.Equal(self.Sockets, selfDoc.GetProperty("sockets").GetInt32());

        Assert.Equal(JsonValueKind.Object, so.GetProperty("tcpIpv4").ValueKind);
        Assert.Equal(JsonValueKind.Array, so.GetProperty("perUid").ValueKind);
        Assert.Equal(JsonValueKind.Number, so.GetProperty("detailAgeSeconds").ValueKind);
        Assert.Equal(JsonValueKind.Number, so.GetProperty("processScanAgeSeconds").ValueKind);

        string text = TextExport.Render(snap);
        Assert.DoesNotContain(TextExport.Pending, text, StringComparison.Ordinal);
        Assert.Contains("\nSockets (netlink; TCP ", text, StringComparison.Ordinal);
        Assert.Contains("ESTABLISHED", text, StringComparison.Ordinal);
        Assert.Contains("tcp_max_tw_buckets", text, StringComparison.Ordinal);
    }

    [Fact]
    public void First_snapshot_says_pending_for_what_it_did_not_measure_and_the_second_measures_it()
    {
        using var net = new LoopbackSockets();
        var l = net.Listen();
        net.Established(l, 7);
        // Threshold 0 stands for "at scale" (≥ 4,000 ESTABLISHED + TIME_WAIT by the counters) on a quiet machine.
        using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { Sockets = new SocketSamplerOptions { FullScanEveryTickBelow = 0 } });
        var first = sampler.Sample();

        var so = first.Sockets!;
        Assert.True(so.DetailPending);
        Assert.True(so.ProcessScanPending);
        Assert.Null(so.TcpV4);
        Assert.Null(so.PerUid);
        Assert.Null(so.EphemeralPorts!.Worst);
        Assert.True(so.Tcp.Established >= 14, $"the counters still give the histogram: {so.Tcp.Established} ESTABLISHED");
        var self = first.Processes.Single(p => p.Pid == Environment.ProcessId);
        Assert.Null(self.Sockets);
        Assert.True(self.SocketsPending);
        Assert.All(first.Processes.Where(p => p.IsKernelThread), p => Assert.False(p.SocketsPending));

        using (var doc = JsonDocument.Parse(JsonExport.Serialize(first)))
        {
            var j = doc.RootElement.GetProperty("sockets");
            foreach (var name in (string[])["tcpIpv4", "tcpIpv6", "perUid", "detailAgeSeconds", "processScanAgeSeconds"])
            {
                Assert.Equal(JsonValueKind.Null, j.GetProperty(name).ValueKind);
            }

            Assert.Equal(JsonValueKind.Null, j.GetProperty("ephemeralPorts").GetProperty("worst").ValueKind);
            Assert.Equal(so.Tcp.Established, j.GetProperty("tcp").GetProperty("ESTABLISHED").GetInt32());
        }

        string text = TextExport.Render(first);
        Assert.Contains($"(v4/v6 split {TextExport.Pending})", text, StringComparison.Ordinal);
        Assert.Contains($"by uid     {TextExport.Pending}", text, StringComparison.Ordinal);
        Assert.Contains($"by process {TextExport.Pending}", text, StringComparison.Ordinal);
        Assert.Contains("(busiest tuple: first full walk", text, StringComparison.Ordinal);
        Assert.DoesNotContain("IPv4 0 + IPv6 0", text, StringComparison.Ordinal);

        var second = sampler.Sample();
        Assert.Equal(TimeSpan.Zero, second.Sockets!.DetailAge);
        Assert.Equal(TimeSpan.Zero, second.Sockets.ProcessScanAge);
        Assert.NotNull(second.Sockets.PerUid);
        Assert.NotNull(second.Sockets.EphemeralPorts!.Worst);
        var self2 = second.Processes.Single(p => p.Pid == Environment.ProcessId);
        Assert.False(self2.SocketsPending);
        Assert.True(self2.Sockets >= 15, $"test process holds at least 15 loopback sockets, got {self2.Sockets}");
        Assert.DoesNotContain(TextExport.Pending, TextExport.Render(second), StringComparison.Ordinal);
    }

    [Fact]
    public void Sockets_can_be_turned_off()
    {
        using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { Sockets = null });
        var snap = sampler.Sample();
        Assert.Null(snap.Sockets);
        Assert.All(snap.Processes, p => Assert.Null(p.Sockets));
        using var doc = JsonDocument.Parse(JsonExport.Serialize(snap));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("sockets").ValueKind);
    }
}
