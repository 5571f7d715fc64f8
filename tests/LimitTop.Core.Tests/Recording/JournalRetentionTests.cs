using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

public sealed class JournalRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static void Segment(string dir, DateTimeOffset start, int bytes)
        => File.WriteAllBytes(Path.Combine(dir, JournalLayout.SegmentName(start)), new byte[bytes]);

    [Fact]
    public void Segments_whose_ticks_are_all_older_than_the_keep_time_go_first()
    {
        using var tmp = new TempJournal();
        for (int d = 10; d >= 0; d--)
        {
            Segment(tmp.Dir, Now.AddDays(-d), 100);
        }

        File.WriteAllText(Path.Combine(tmp.Dir, "notes.txt"), "kept");
        using var files = new SafeJournalFiles(tmp.Dir);
        files.OpenDirectory();
        var removed = JournalRetention.Apply(files, null, Now, TimeSpan.FromDays(7), long.MaxValue);
        // the segment started 8 days ago ends 7 days ago (the next one's start): it still holds the keep time's edge
        Assert.Equal([JournalLayout.SegmentName(Now.AddDays(-10)), JournalLayout.SegmentName(Now.AddDays(-9))], removed);
        Assert.Equal(9, tmp.Segments.Length);
        Assert.True(File.Exists(Path.Combine(tmp.Dir, "notes.txt")));
    }

    [Fact]
    public void Beyond_the_byte_bound_the_oldest_go_but_never_the_open_one()
    {
        using var tmp = new TempJournal();
        for (int h = 5; h >= 0; h--)
        {
            Segment(tmp.Dir, Now.AddHours(-h), 1000);
        }

        using var files = new SafeJournalFiles(tmp.Dir);
        files.OpenDirectory();
        string open = JournalLayout.SegmentName(Now);
        var removed = JournalRetention.Apply(files, open, Now, TimeSpan.FromDays(7), 2500);
        Assert.Equal(4, removed.Count);
        Assert.Equal([JournalLayout.SegmentName(Now.AddHours(-1)), open], tmp.Segments.Select(Path.GetFileName));
        removed = JournalRetention.Apply(files, open, Now, TimeSpan.FromDays(7), 10);
        Assert.Equal([open], tmp.Segments.Select(Path.GetFileName));
    }

    [Fact]
    public void The_writer_keeps_its_directory_under_the_byte_bound_while_it_rotates()
    {
        using var tmp = new TempJournal();
        var gen = new SyntheticTicks(processes: 40);
        var options = new JournalOptions { BlockTicks = 10, SegmentMaxBytes = 20_000, MaxBytes = 60_000 };
        using (var w = new JournalWriter(tmp.Dir, SyntheticTicks.Info, options))
        {
            for (int i = 0; i < 600; i++)
            {
                w.Append(gen.Next());
                long total = tmp.Segments.Sum(f => new FileInfo(f).Length);
                Assert.True(total <= options.MaxBytes + options.SegmentMaxBytes, $"{total} bytes at tick {i}");
            }
        }

        Assert.True(tmp.Segments.Length >= 3);
        using var r = JournalReader.Open(tmp.Dir);
        var read = JournalAssert.ReadAll(r);
        Assert.Equal(600, read[^1].Sequence);
        Assert.True(read[0].Sequence > 1, "the oldest ticks were removed");
        Assert.Equal(read.Count, read[^1].Sequence - read[0].Sequence + 1);
    }
}
