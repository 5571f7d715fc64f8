using LimitTop.Core.Model;
using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

/// <summary>
/// Format 3 records the header's CPU and memory meters (the system's CPU%, MemTotal, MemAvailable): a replayed tick
/// gives back what was recorded (CPU% to 0.1, the meter's precision) across ticks where they stay, change, become
/// unknown and come back, across blocks and key frames, and a quiet second costs one byte.
/// </summary>
public sealed class MetersRoundTripTests
{
    private static readonly (double? Cpu, long? Total, long? Available)[] Meters =
    [
        (null, null, null), // the first sample: no CPU% yet, meminfo unread
        (12.34, 8L << 30, 5L << 30),
        (12.34, 8L << 30, 5L << 30), // a quiet second
        (99.96, 8L << 30, (5L << 30) - 4096),
        (0, 8L << 30, null),
        (0.05, 8L << 30, (6L << 30) + 1024),
        (null, 16L << 30, 1L << 30),
        (100, 16L << 30, (1L << 30) + 123_456_789),
    ];

    [Fact]
    public void A_recorded_tick_gives_back_its_meters()
    {
        using var dir = new TempJournal();
        var gen = new SyntheticTicks(seed: 3, processes: 8);
        var written = new List<RecordedTick>();
        using (var w = new JournalWriter(dir.Dir, SyntheticTicks.Info, new JournalOptions { BlockTicks = 3, KeyEvery = 2 }))
        {
            for (int i = 0; i < 40; i++)
            {
                var t = gen.Next();
                var (cpu, total, available) = Meters[i % Meters.Length];
                t = t with { System = t.System with { CpuPercent = cpu, MemTotalBytes = total, MemAvailableBytes = available } };
                w.Append(t);
                written.Add(t);
            }
        }

        using var r = JournalReader.Open(dir.Dir);
        Assert.Equal(JournalLayout.Version, Assert.Single(r.Segments).Info.Format);
        var read = JournalAssert.ReadAll(r);
        Assert.Equal(written.Count, read.Count);
        for (int i = 0; i < written.Count; i++)
        {
            var (cpu, total, available) = Meters[i % Meters.Length];
            double? tenths = cpu is { } c ? Math.Round(c * 10, MidpointRounding.AwayFromZero) / 10 : null;
            var s = read[i].ToSnapshot().System; // what the replayed header's meters draw
            Assert.Equal((tenths, total, available), (s.CpuPercent, s.MemTotalBytes, s.MemAvailableBytes));
            Assert.Equal(written[i].System with { CpuPercent = tenths }, read[i].System); // the rest of the row unchanged
        }

        Assert.Equal(12.3, read[1].System.CpuPercent);
        Assert.Equal(100.0, read[3].System.CpuPercent); // 99.96 shows as 100.0
        var seek = r.Tick(r.Seek(written[29].Time)!.Value); // a tick in the middle of a chain, read by seeking
        Assert.Equal((written[29].System.MemTotalBytes, written[29].System.MemAvailableBytes), (seek.System.MemTotalBytes, seek.System.MemAvailableBytes));
    }

    [Fact]
    public void Unchanged_meters_cost_one_byte_and_a_change_of_available_memory_its_difference()
    {
        var sys = new SystemUsage
        {
            Hostname = "h", Uptime = TimeSpan.FromSeconds(9), Tasks = 1, ThreadsMax = 10, PidsUsed = 1, PidMax = 10, OpenFiles = 1, FileMax = 10,
            CpuPercent = 42.5, MemTotalBytes = 64L << 30, MemAvailableBytes = 40L << 30,
        };
        var w = new PayloadWriter();
        MeterCodec.Write(w, sys, sys);
        Assert.Equal(1, w.Length);

        w.Reset();
        var next = sys with { MemAvailableBytes = (40L << 30) - 8192 };
        MeterCodec.Write(w, sys, next);
        Assert.InRange(w.Length, 2, 4); // flags + a zigzag varint of −8192, not the 6-byte absolute value
        var r = new PayloadReader(w.Written.ToArray(), w.Length);
        Assert.Equal(next, MeterCodec.Read(r, sys, sys with { CpuPercent = null, MemTotalBytes = null, MemAvailableBytes = null }));
    }
}
