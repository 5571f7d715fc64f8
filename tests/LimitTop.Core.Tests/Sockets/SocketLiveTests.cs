using System.Diagnostics;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sockets;

namespace LimitTop.Core.Tests.Sockets;

/// <summary>
/// Live oracle tests: real loopback sockets in known states, counted by the sampler and by <c>ss -Htan</c> at the
/// same moment. Socket tests run one at a time (a collection) so their sockets never overlap.
/// </summary>
[Collection(nameof(SocketLiveTests))]
public sealed class SocketLiveTests
{
    private static SocketSummary SampleUntilStable(SocketSampler sampler, Func<int[]> oracle, out int[] expected)
    {
        // Loopback state changes finish within milliseconds; retry briefly so a transition caught mid-way
        // (e.g. FIN_WAIT1 → FIN_WAIT2) does not fail the test. Mismatches that persist do.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var before = oracle();
            var s = sampler.Sample([Environment.ProcessId]);
            var after = oracle();
            if ((before.SequenceEqual(after) && before.SequenceEqual(SsOracle.ToArray(s.Tcp))) || deadline.Elapsed > Eventually.HangBound)
            {
                expected = after;
                return s;
            }

            Thread.Sleep(100);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Histogram_on_a_dedicated_address_equals_ss_state_by_state(bool procFallback)
    {
        using var net = new LoopbackSockets();
        var l1 = net.Listen();
        var l2 = net.Listen();
        net.Established(l1, 150);
        net.TimeWait(l1, 80);
        net.CloseWait(l2, 40, shutdownOnly: true);
        net.CloseWait(l2, 30, shutdownOnly: false);
        net.Udp(connect: false);
        net.Udp(connect: true);

        using var sampler = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { OnlyAddress = net.Address, ForceProcFallback = procFallback });
        Assert.Equal(!procFallback, sampler.UsesNetlink);
        string addr = net.Address.ToString();
        var s = SampleUntilStable(sampler, () => SsOracle.TcpHistogram(SsOracle.AddressFilter(addr)), out var ss);

        Assert.Equal(procFallback ? SocketSource.ProcNet : SocketSource.Netlink, s.Source);
        Assert.Equal(SsOracle.Format(ss), SsOracle.Format(SsOracle.ToArray(s.Tcp)));
        // The scenario itself, so a broken oracle cannot make the test pass.
        Assert.Equal(2, s.Tcp.Listen);
        Assert.Equal(300 + 40 + 30, s.Tcp.Established + s.Tcp.CloseWait);
        Assert.Equal(80, s.Tcp.TimeWait);
        Assert.Equal(70, s.Tcp.CloseWait);
        Assert.Equal(70, s.Tcp.FinWait2);
        Assert.Equal(s.Tcp, s.TcpV4);
        Assert.Equal(0, s.TcpV6!.Total);

        int udp = SsOracle.Lines(["-Huan", .. SsOracle.AddressFilter(addr)]).Length;
        Assert.Equal(2, udp);
        Assert.Equal(udp, s.Udp);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Whole_histogram_matches_ss_within_churn(bool procFallback)
    {
        using var net = new LoopbackSockets();
        var l = net.Listen();
        net.Established(l, 100);
        net.TimeWait(l, 50);
        net.CloseWait(l, 20, shutdownOnly: true);

        using var sampler = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { ForceProcFallback = procFallback });
        var before = SsOracle.TcpHistogram();
        var s = sampler.Sample();
        var after = SsOracle.TcpHistogram();
        AssertWithinChurn(before, after, s.Tcp);
        Assert.Equal(SsOracle.Lines("-Huan").Length, s.Udp, tolerance: 3);
    }

    [Fact]
    public void Counter_path_at_scale_matches_the_full_walk_and_ss()
    {
        using var net = new LoopbackSockets();
        var l = net.Listen();
        net.Established(l, 120);
        net.TimeWait(l, 60);
        net.CloseWait(l, 25, shutdownOnly: false); // orphaned FIN_WAIT2: sockstat tw counts them, TIME_WAIT must not
        net.CloseWait(l, 15, shutdownOnly: true);

        // Threshold 0: the first sample takes the counter path, the second walks every socket, later ticks take the
        // counter path again.
        using var sampler = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions
        {
            FullScanEveryTickBelow = 0,
            FullScanInterval = TimeSpan.FromHours(1),
            SmallStatesInterval = TimeSpan.Zero, // walk the small states on this tick (their cadence is tested below)
            ScanProcesses = false,
        });
        var first = sampler.Sample();
        var full = sampler.Sample();
        var before = SsOracle.TcpHistogram();
        var fast = sampler.Sample();
        var after = SsOracle.TcpHistogram();

        Assert.True(first.DetailPending);
        Assert.Equal(TimeSpan.Zero, full.DetailAge);
        Assert.True(fast.DetailAge > TimeSpan.Zero, "the second sample must have taken the counter path");
        AssertWithinChurn(before, after, fast.Tcp);
        // a closed socket sits in FIN_WAIT1 until the peer's ACK is processed, then in FIN_WAIT2
        Assert.True(fast.Tcp.TimeWait >= 60 && fast.Tcp.FinWait1 + fast.Tcp.FinWait2 >= 25, $"scenario not visible: {SsOracle.Format(SsOracle.ToArray(fast.Tcp))}");
    }

    [Fact]
    public void First_sample_at_scale_reads_counters_and_the_second_walks_everything_both_equal_to_ss()
    {
        using var net = new LoopbackSockets();
        var l = net.Listen();
        net.Established(l, 90);
        net.TimeWait(l, 40);
        net.CloseWait(l, 15, shutdownOnly: true);
        int port = net.Port(l);

        // Threshold 0 stands for "at scale": the first sample must not walk ESTABLISHED/TIME_WAIT nor scan fds.
        using var sampler = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { FullScanEveryTickBelow = 0 });
        int[] pids = [Environment.ProcessId];
        var before = SsOracle.TcpHistogram();
        var first = sampler.Sample(pids);
        var after = SsOracle.TcpHistogram();
        AssertWithinChurn(before, after, first.Tcp);
        Assert.Equal((true, true), (first.DetailPending, first.ProcessScanPending));
        Assert.Equal(((TcpStateCounts?)null, (TcpStateCounts?)null, (IReadOnlyList<UidSockets>?)null), (first.TcpV4, first.TcpV6, first.PerUid));
        Assert.Null(first.EphemeralPorts!.Worst);
        Assert.Null(sampler.SocketsOf(Environment.ProcessId));
        Assert.True(sampler.SocketsPending(Environment.ProcessId));

        before = SsOracle.TcpHistogram();
        string psBefore = SsOracle.Run("-Htuanp");
        var second = sampler.Sample(pids);
        string psAfter = SsOracle.Run("-Htuanp");
        after = SsOracle.TcpHistogram();
        AssertWithinChurn(before, after, second.Tcp);
        Assert.Equal(TimeSpan.Zero, second.DetailAge);
        Assert.Equal(second.Tcp, second.TcpV4! + second.TcpV6!);
        Assert.False(second.ProcessScanPending);
        Assert.NotNull(second.PerUid);
        AssertBetween(Occurrences(psBefore, $"pid={Environment.ProcessId},"), Occurrences(psAfter, $"pid={Environment.ProcessId},"), sampler.SocketsOf(Environment.ProcessId)!.Value);
        var w = second.EphemeralPorts!.Worst!;
        int ours = SsOracle.Lines("-Htan", "dst", $"{net.Address}:{port}").Length;
        Assert.Equal(90 + 40 + 15, ours); // the FIN_WAIT2 client ends of the CLOSE_WAIT pairs hold their port too
        Assert.True(w.Used >= ours, $"worst tuple {w.Used} < the {ours} ports toward {net.Address}:{port}");
        if (w.Remote == net.Address.ToString())
        {
            Assert.Equal(ours, w.Used);
        }
    }

    [Fact]
    public void Below_the_threshold_the_first_sample_walks_every_socket_and_only_the_fd_scan_waits()
    {
        using var sampler = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { FullScanEveryTickBelow = int.MaxValue });
        var s = sampler.Sample([Environment.ProcessId]);
        Assert.Equal(TimeSpan.Zero, s.DetailAge);
        Assert.NotNull(s.TcpV4);
        Assert.NotNull(s.PerUid);
        Assert.True(s.ProcessScanPending);
        Assert.Null(sampler.SocketsOf(Environment.ProcessId));
    }

    [Fact]
    public void Without_the_cheap_first_sample_the_first_one_walks_and_scans()
    {
        using var sampler = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { FullScanEveryTickBelow = 0, CheapFirstSample = false });
        var s = sampler.Sample([Environment.ProcessId]);
        Assert.Equal((TimeSpan.Zero, (TimeSpan?)TimeSpan.Zero, false), (s.DetailAge, s.ProcessScanAge, s.ProcessScanPending));
        Assert.NotNull(sampler.SocketsOf(Environment.ProcessId));
    }

    [Fact]
    public void Worst_ephemeral_tuple_equals_ss_dst_count()
    {
        using var net = new LoopbackSockets();
        var l = net.Listen();
        var other = net.Listen();
        net.Established(l, 90);
        net.TimeWait(l, 40); // TIME_WAIT keeps its tuple: it still holds the port
        net.Established(other, 10);
        int port = net.Port(l);

        using var sampler = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { OnlyAddress = net.Address });
        var s = sampler.Sample();
        int ss = SsOracle.Lines("-Htan", "dst", $"{net.Address}:{port}").Length;

        var e = s.EphemeralPorts!;
        var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        Assert.Equal(range[0], e.Low);
        Assert.Equal(range[1], e.High);
        Assert.Equal(range[1] - range[0] + 1 - e.Reserved, e.RangeSize);
        var w = e.Worst!;
        Assert.Equal(net.Address.ToString(), w.Remote);
        Assert.Equal("127.0.0.1", w.Local);
        Assert.Equal(port, w.RemotePort);
        Assert.Equal(130, ss);
        Assert.Equal(ss, w.Used);
    }

    [Fact]
    public void Sockets_per_process_and_per_uid_equal_ss()
    {
        using var net = new LoopbackSockets();
        var l = net.Listen();
        int port = net.Port(l);
        net.Established(l, 20);

        // 12 client sockets created by uid 65534 (bash's /dev/tcp, under setpriv): owned by nobody.
        const int NobodySockets = 12;
        string script = string.Concat(Enumerable.Range(3, NobodySockets).Select(fd => $"exec {fd}<>/dev/tcp/{net.Address}/{port}; ")) + "echo ready; exec sleep 30";
        var psi = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "bash", "-c", script])
        {
            psi.ArgumentList.Add(a);
        }

        using var nobody = Process.Start(psi)!;
        try
        {
            Assert.Equal("ready", nobody.StandardOutput.ReadLine());
            for (int i = 0; i < NobodySockets; i++)
            {
                net.Accept(l);
            }

            // Other tests of this process (other collections run in parallel) may open sockets meanwhile: the
            // sampler's counts must lie between what ss saw just before and just after.
            using var sampler = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { ProcessScanInterval = TimeSpan.Zero });
            int[] pids = [Environment.ProcessId, nobody.Id];

            // The first sample (the first frame) scans no fds: every count is pending, none is 0.
            var s0 = sampler.Sample(pids);
            Assert.True(s0.ProcessScanPending);
            Assert.Null(s0.ProcessScanAge);
            Assert.Null(sampler.SocketsOf(nobody.Id));
            Assert.True(sampler.SocketsPending(nobody.Id));
            Assert.True(sampler.SocketsPending(Environment.ProcessId));

            string ssBefore = SsOracle.Run("-Htuanp");
            int uidBefore = NobodyTcp();
            var s = sampler.Sample(pids);
            string ssAfter = SsOracle.Run("-Htuanp");
            int uidAfter = NobodyTcp();

            Assert.Equal(NobodySockets, sampler.SocketsOf(nobody.Id));
            Assert.Equal(Occurrences(ssAfter, $"pid={nobody.Id},"), sampler.SocketsOf(nobody.Id));
            AssertBetween(Occurrences(ssBefore, $"pid={Environment.ProcessId},"), Occurrences(ssAfter, $"pid={Environment.ProcessId},"), sampler.SocketsOf(Environment.ProcessId)!.Value);
            Assert.True(sampler.SocketsOf(Environment.ProcessId) >= 1 + 20 * 2 + NobodySockets);
            Assert.NotNull(s.ProcessScanAge);
            Assert.False(s.ProcessScanPending);
            Assert.False(sampler.SocketsPending(nobody.Id));
            Assert.True(sampler.SocketsPending(int.MaxValue), "a pid the scan has not seen is pending");

            Assert.True(uidAfter >= NobodySockets);
            AssertBetween(uidBefore, uidAfter, s.PerUid!.Single(u => u.Uid == 65534).Tcp);
        }
        finally
        {
            nobody.Kill();
            nobody.WaitForExit();
        }
    }

    [Fact]
    public void Counters_equal_sockstat_snmp_and_sysctls()
    {
        using var sampler = new SocketSampler(ProcRoot.Default);
        static long Tw()
        {
            string tcpLine = File.ReadAllText("/proc/net/sockstat").Split('\n').Single(x => x.StartsWith("TCP:", StringComparison.Ordinal));
            return long.Parse(tcpLine.Split(' ')[Array.IndexOf(tcpLine.Split(' '), "tw") + 1], System.Globalization.CultureInfo.InvariantCulture);
        }

        // TIME_WAIT sockets come and go on a busy machine: the sample must lie between the counter read just
        // before and just after it.
        long twBefore = Tw();
        var s = sampler.Sample();
        long twAfter = Tw();
        long tw = s.TimeWaitBuckets!.Value;
        Assert.True(tw >= Math.Min(twBefore, twAfter) - 5 && tw <= Math.Max(twBefore, twAfter) + 5, $"tw {tw} not within sockstat's {twBefore}..{twAfter} (±5)");
        Assert.Equal(long.Parse(File.ReadAllText("/proc/sys/net/ipv4/tcp_max_tw_buckets"), System.Globalization.CultureInfo.InvariantCulture), s.TimeWaitBucketsMax);
        Assert.Equal(long.Parse(File.ReadAllText("/proc/sys/net/ipv4/tcp_max_orphans"), System.Globalization.CultureInfo.InvariantCulture), s.OrphansMax);
        int estab = SsOracle.Lines("-Htn", "state", "established", "state", "close-wait").Length;
        Assert.Equal(estab, s.CurrEstab!.Value, tolerance: 5);
        Assert.NotNull(s.ListenOverflows);
        Assert.Equal(0, s.ListenOverflowsSinceStart);
    }

    private static int NobodyTcp()
        => SsOracle.Lines("-Htane").Count(x => x.Contains(" uid:65534 ", StringComparison.Ordinal) && !x.Contains(" ino:0 ", StringComparison.Ordinal));

    private static void AssertBetween(int a, int b, int actual)
        => Assert.True(actual >= Math.Min(a, b) && actual <= Math.Max(a, b), $"{actual} not within ss's {a}..{b}");

    private static int Occurrences(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    private static void AssertWithinChurn(int[] before, int[] after, TcpStateCounts actual)
    {
        // Other programs on the machine open and close sockets between the two ss runs: each state must lie within
        // the range ss saw, widened by a small margin.
        for (int i = 1; i < 12; i++)
        {
            int lo = Math.Min(before[i], after[i]) - 3;
            int hi = Math.Max(before[i], after[i]) + 3;
            Assert.True(actual[i] >= lo && actual[i] <= hi,
                $"{TcpStateCounts.Names[i]}: sampler {actual[i]}, ss {before[i]}→{after[i]}\nss: {SsOracle.Format(after)}\nsampler: {SsOracle.Format(SsOracle.ToArray(actual))}");
        }
    }
}
