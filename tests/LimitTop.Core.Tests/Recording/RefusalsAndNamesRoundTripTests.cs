using LimitTop.Core.Model;
using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

/// <summary>
/// Format 2 records what rides a snapshot besides the sample (issue 28): the refusal witness's summary and the cgroups'
/// names; a replayed snapshot carries them back, equal to what was recorded (times to the millisecond), across
/// ticks where they stay, change and go, and across blocks.
/// </summary>
public sealed class RefusalsAndNamesRoundTripTests
{
    private static RefusalSummary Summary(int n, DateTimeOffset t) => new(
        new WitnessStatus(true, "tracefs", "witness up"), WitnessStatus.Down("kmsg", "no /dev/kmsg"), 10 + n, 1, n,
        [new LimitCount("nproc", 10 + n)], [new LimitUserCount("nproc", 1001, 10 + n), new LimitUserCount("nproc", null, 0)],
        [new LimitCgroupCount("pids.max", "/system.slice/a\nb.service", n)],
        [new ProcessRefusals(4242, "grower", 1001, n, "nproc", 11, t.AddTicks(1234))],
        [new RefusalEvent(t.AddTicks(5678), 4242, "grower", 1001, 11, "nproc", null, n)],
        [new KernelLogEvent(t, "cgroup-fork-rejected", "cgroup: fork rejected by pids controller in /lt", null, null, "/lt")]);

    private static CgroupName Name(string path, string display) => new()
    {
        Path = path, Kind = CgroupKind.Docker, Display = display, Runtime = "docker", Id = new string('a', 64), Name = display, Uid = 1000, Monitor = false,
        Source = "/var/lib/docker/containers/x/config.v2.json",
    };

    [Fact]
    public void Refusals_and_names_come_back_with_the_replayed_snapshot()
    {
        using var dir = new TempJournal();
        var gen = new SyntheticTicks();
        var written = new List<RecordedTick>();
        using (var w = new JournalWriter(dir.Dir, SyntheticTicks.Info, new JournalOptions { BlockTicks = 7, KeyEvery = 3 }))
        {
            for (int i = 0; i < 40; i++)
            {
                var t = gen.Next();
                t = t with
                {
                    Refusals = i < 5 ? null : Summary(i / 10, t.Time),
                    Names = i < 20 ? [Name("/docker/a", "web")] : [Name("/docker/a", "web-renamed"), Name("/docker/b", "db")],
                };
                w.Append(t);
                written.Add(t);
            }
        }

        using var r = JournalReader.Open(dir.Dir);
        var read = JournalAssert.ReadAll(r);
        Assert.Equal(written.Count, read.Count);
        for (int i = 0; i < written.Count; i++)
        {
            Assert.True(RefusalCodec.SameSummary(written[i].Refusals is { } s ? RefusalCodec.Normalize(s) : null, read[i].Refusals), $"refusals of tick {i}");
            Assert.Equal(written[i].Names, read[i].Names);
        }

        var snap = read[25].ToSnapshot();
        Assert.Equal("db", snap.Names["/docker/b"].Display);
        Assert.Equal(CgroupKind.Docker, snap.Names["/docker/a"].Kind);
        Assert.Equal(4242, Assert.Single(snap.Refusals!.Processes).Pid);
        Assert.Equal(written[25].Refusals!.Recent[0].Time.ToUnixTimeMilliseconds(), snap.Refusals.Recent[0].Time.ToUnixTimeMilliseconds());
    }
}
