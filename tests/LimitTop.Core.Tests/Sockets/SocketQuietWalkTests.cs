using LimitTop.Core.Procfs;
using LimitTop.Core.Sockets;

namespace LimitTop.Core.Tests.Sockets;

/// <summary>
/// The quiet-namespace rule of the socket sampler, on this machine's real namespace and a clock the test moves: a
/// full walk due by the clock waits while the counters say the socket set is the last walk's, runs as soon as they
/// move, and never waits past QuietFullScanLimit. The test reads the same counters itself around each sample, so
/// it knows which of the two the sampler had to do even while other programs open sockets meanwhile.
/// </summary>
[Collection(nameof(SocketLiveTests))]
public sealed class SocketQuietWalkTests
{
    private static readonly TimeSpan Due = TimeSpan.FromSeconds(11);

    private static SocketSetFingerprint? Counters()
    {
        SocketCounterParsers.TryParseSockstat(File.ReadAllBytes("/proc/net/sockstat"), out var st);
        byte[] six = File.Exists("/proc/net/sockstat6") ? File.ReadAllBytes("/proc/net/sockstat6") : [];
        return SocketSetFingerprint.From(File.ReadAllBytes("/proc/net/snmp"), st, six);
    }

    private static SocketSampler Sampler(ManualTime time) => new(ProcRoot.Default, new SocketSamplerOptions
    {
        FullScanEveryTickBelow = 0, // the counter path whatever the machine holds
        FullScanInterval = TimeSpan.FromSeconds(10),
        ProcessScanInterval = TimeSpan.FromSeconds(10),
        QuietFullScanLimit = TimeSpan.FromSeconds(60),
    }, time);

    [Fact]
    public void A_due_full_walk_waits_while_the_counters_stand_still_and_runs_when_they_move()
    {
        var time = new ManualTime();
        using var net = new LoopbackSockets();
        var listener = net.Listen();
        int[] pids = [Environment.ProcessId];
        SocketSampler? quiet = null;
        for (int attempt = 0; attempt < 100 && quiet is null; attempt++)
        {
            var sampler = Sampler(time);
            sampler.Sample(pids); // counters only; the next sample walks
            time.Advance(TimeSpan.FromSeconds(1));
            var atWalk = Counters();
            var walked = sampler.Sample(pids);
            var afterWalk = Counters();
            Assert.Equal(TimeSpan.Zero, walked.DetailAge);

            time.Advance(Due);
            var s = sampler.Sample(pids);
            var now = Counters();
            if (atWalk is not null && atWalk == afterWalk && afterWalk == now)
            {
                // Nothing moved from before the walk to after this sample: the walk had to wait, the fd scan did not.
                Assert.Equal((Due, 1), (s.DetailAge, sampler.QuietWalksSkipped));
                Assert.Same(walked.PerUid, s.PerUid);
                Assert.Equal(TimeSpan.Zero, s.ProcessScanAge);
                Assert.NotNull(sampler.SocketsOf(Environment.ProcessId));
                quiet = sampler;
            }
            else
            {
                sampler.Dispose(); // something opened or closed a socket meanwhile: try again a little later
                Thread.Sleep(50);
            }
        }

        Assert.True(quiet is not null, "no quiet moment in 100 tries over 5 s or more: other programs kept opening sockets");
        using (quiet)
        {
            // A connection moves ActiveOpens, which never moves back: the due walk runs on the next sample.
            net.Pair(listener);
            time.Advance(Due);
            Assert.Equal(TimeSpan.Zero, quiet.Sample(pids).DetailAge);
        }
    }

    [Fact]
    public void However_quiet_the_namespace_the_full_walk_runs_once_the_limit_has_passed()
    {
        var time = new ManualTime();
        using var sampler = Sampler(time);
        int[] pids = [Environment.ProcessId];
        sampler.Sample(pids);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, sampler.Sample(pids).DetailAge);
        var sinceWalk = TimeSpan.Zero;
        for (int i = 0; i < 5; i++)
        {
            time.Advance(Due);
            sinceWalk += Due;
            var s = sampler.Sample(pids);
            sinceWalk = s.DetailAge == TimeSpan.Zero ? TimeSpan.Zero : sinceWalk;
            Assert.Equal(sinceWalk, s.DetailAge); // waited (counters still) or walked (they moved)
        }

        time.Advance(TimeSpan.FromSeconds(60) - sinceWalk); // exactly the limit since the last walk
        Assert.Equal(TimeSpan.Zero, sampler.Sample(pids).DetailAge);
    }
}
