using System.Diagnostics;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sockets;

namespace LimitTop.Core.Tests.Sockets;

/// <summary>
/// The socket sampler's cadence at scale: full walk, small-state walks and the fd scan run when they are due, on a
/// clock the test moves, and each figure reports its age. Same collection as the live tests (real sockets).
/// </summary>
[Collection(nameof(SocketLiveTests))]
public sealed class SocketCadenceTests
{
    [Fact]
    public void At_scale_the_full_walk_and_the_process_scan_run_at_their_cadence_and_report_their_age()
    {
        var time = new ManualTime();
        using var sampler = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions
        {
            FullScanEveryTickBelow = 0,
            FullScanInterval = TimeSpan.FromSeconds(10),
            ProcessScanInterval = TimeSpan.FromSeconds(30),
            QuietFullScanLimit = TimeSpan.Zero, // the clock alone (the quiet rule: SocketQuietWalkTests)
        }, time);
        int[] pids = [Environment.ProcessId];

        // The first sample only reads counters and walks the small states; the next one does the full walk and the
        // scan, whenever it comes, and starts both cadences.
        var s0 = sampler.Sample(pids);
        Assert.Equal(((TimeSpan?)null, (TimeSpan?)null, true), (s0.DetailAge, s0.ProcessScanAge, s0.ProcessScanPending));
        time.Advance(TimeSpan.FromSeconds(1));
        var s1 = sampler.Sample(pids);
        Assert.Equal(((TimeSpan?)TimeSpan.Zero, (TimeSpan?)TimeSpan.Zero, false), (s1.DetailAge, s1.ProcessScanAge, s1.ProcessScanPending));
        time.Advance(TimeSpan.FromSeconds(4));
        var s2 = sampler.Sample(pids);
        Assert.Equal(((TimeSpan?)TimeSpan.FromSeconds(4), (TimeSpan?)TimeSpan.FromSeconds(4)), (s2.DetailAge, s2.ProcessScanAge));
        Assert.Same(s1.PerUid, s2.PerUid);
        time.Advance(TimeSpan.FromSeconds(7));
        var s3 = sampler.Sample(pids);
        Assert.Equal(((TimeSpan?)TimeSpan.Zero, (TimeSpan?)TimeSpan.FromSeconds(11)), (s3.DetailAge, s3.ProcessScanAge));
        time.Advance(TimeSpan.FromSeconds(20));
        var s4 = sampler.Sample(pids);
        Assert.Equal(((TimeSpan?)TimeSpan.Zero, (TimeSpan?)TimeSpan.Zero), (s4.DetailAge, s4.ProcessScanAge));
        Assert.NotNull(sampler.SocketsOf(Environment.ProcessId));
        Assert.Null(sampler.SocketsOf(int.MaxValue));
    }

    [Fact]
    public void At_scale_the_small_states_are_walked_at_their_cadence_and_shown_from_the_last_walk_between()
    {
        var time = new ManualTime();
        using var net = new LoopbackSockets();
        var l = net.Listen();
        using var sampler = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions
        {
            FullScanEveryTickBelow = 0,
            FullScanInterval = TimeSpan.FromHours(1),
            SmallStatesInterval = TimeSpan.FromSeconds(5),
            ScanProcesses = false,
        }, time);

        sampler.Sample(); // the first sample: counters only; the second one walks everything
        time.Advance(TimeSpan.FromSeconds(1));
        var s1 = sampler.Sample();
        Assert.Equal(TimeSpan.Zero, s1.DetailAge);
        net.CloseWait(l, 20, shutdownOnly: true);
        time.Advance(TimeSpan.FromSeconds(2));
        var s2 = sampler.Sample();
        Assert.Equal(s1.Tcp.CloseWait, s2.Tcp.CloseWait); // not walked: the last walk's count, whatever happened since
        time.Advance(TimeSpan.FromSeconds(4));
        var s3 = sampler.Sample();
        Assert.True(s3.Tcp.CloseWait >= 20, $"walked again after 6 s: {s3.Tcp.CloseWait} CLOSE_WAIT, expected at least the 20 made");
    }
}
