using System.Diagnostics;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sockets;

namespace LimitTop.Core.Tests.Sockets;

/// <summary>
/// The per-process socket scan reads a process's fds again only when they can have changed (ProcessSocketScan): a
/// socket swapped for another at the same fd count is seen at the next scan; a non-socket fd swapped for a socket at
/// the same fd count (the case the checks cannot see) within ProcessRescanInterval plus one scan. Each figure is
/// compared with <c>ss -p</c>.
/// </summary>
[Collection(nameof(SocketLiveTests))]
public sealed class ProcessScanStalenessTests
{
    private static readonly TimeSpan Cadence = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Rescan = TimeSpan.FromSeconds(60);

    [Fact]
    public void Sockets_swapped_at_a_constant_fd_count_are_counted_within_the_rescan_bound()
    {
        using var net = new LoopbackSockets();
        var l = net.Listen();
        string to = $"/dev/tcp/{net.Address}/{net.Port(l)}";

        // bash holds 3 sockets (fds 3-5) and /dev/null on fd 9; each line on stdin makes one swap at the same fd count.
        string script = $"exec 3<>{to} 4<>{to} 5<>{to} 9</dev/null; echo ready; "
            + $"read; exec 3>&-; exec 3<>{to}; echo swapped; "
            + $"read; exec 9<&-; exec 9<>{to}; echo swapped; exec sleep 60";
        var psi = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var child = Process.Start(psi)!;
        try
        {
            Assert.Equal("ready", child.StandardOutput.ReadLine());
            for (int i = 0; i < 3; i++)
            {
                net.Accept(l);
            }

            var time = new ManualTime();
            using var sampler = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions
            {
                FullScanEveryTickBelow = int.MaxValue,
                ProcessScanInterval = Cadence,
                ProcessRescanInterval = Rescan,
            }, time);
            int[] pids = [child.Id];
            sampler.Sample(pids); // the first sample scans no fds
            time.Advance(TimeSpan.FromSeconds(1));
            sampler.Sample(pids);
            Assert.Equal((3, 3), (sampler.SocketsOf(child.Id), SsCount(child.Id)));
            Assert.Equal(1, sampler.LastFullProcessScans);

            // Unchanged: the next scan trusts the count without reading the fds.
            time.Advance(Cadence);
            sampler.Sample(pids);
            Assert.Equal((3, 0), (sampler.SocketsOf(child.Id), sampler.LastFullProcessScans));

            // Socket for socket: the closed one left the dump, so the next scan reads the fds again.
            Swap(child, net, l);
            time.Advance(Cadence);
            sampler.Sample(pids);
            Assert.Equal((3, 1), (sampler.SocketsOf(child.Id), sampler.LastFullProcessScans));
            Assert.Equal(3, SsCount(child.Id));

            // /dev/null for a socket at the same fd count: invisible to the checks until the rescan interval runs out.
            Swap(child, net, l);
            Assert.Equal(4, SsCount(child.Id));
            var waited = TimeSpan.Zero;
            while (sampler.SocketsOf(child.Id) != 4 && waited <= Rescan + Cadence)
            {
                time.Advance(Cadence);
                waited += Cadence;
                sampler.Sample(pids);
                Assert.InRange(sampler.SocketsOf(child.Id)!.Value, 3, 4);
            }

            Assert.Equal(4, sampler.SocketsOf(child.Id));
            Assert.True(waited <= Rescan + Cadence, $"caught up after {waited}, bound {Rescan + Cadence}");
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    private static void Swap(Process child, LoopbackSockets net, System.Net.Sockets.Socket listener)
    {
        child.StandardInput.WriteLine();
        child.StandardInput.Flush();
        net.Accept(listener);
        Assert.Equal("swapped", child.StandardOutput.ReadLine());
    }

    private static int SsCount(int pid)
        => SsOracle.Lines("-Htuanp").Count(x => x.Contains($"pid={pid},", StringComparison.Ordinal));
}
