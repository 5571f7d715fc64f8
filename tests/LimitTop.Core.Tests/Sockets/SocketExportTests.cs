using System.Text.Json;
using LimitTop.Core.Export;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;

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
        var snap = sampler.Sample();

        Assert.NotNull(snap.Sockets);
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

        string text = TextExport.Render(snap);
        Assert.Contains("\nSockets (netlink; TCP ", text, StringComparison.Ordinal);
        Assert.Contains("ESTABLISHED", text, StringComparison.Ordinal);
        Assert.Contains("tcp_max_tw_buckets", text, StringComparison.Ordinal);
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
