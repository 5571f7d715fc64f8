using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class JournalWriterFailureTests
{
    [Fact]
    public void A_full_disk_is_reported_once_survived_and_retried_and_the_journal_stays_readable()
    {
        using var tmp = new TempJournal();
        var files = new FullDiskFiles(tmp.Dir);
        var gen = new SyntheticTicks(processes: 20);
        var written = new List<RecordedTick>();
        var messages = new List<string>();
        var options = new JournalOptions { BlockTicks = 5, RetryInterval = TimeSpan.FromSeconds(20) };
        using (var w = new JournalWriter(files, SyntheticTicks.Info, options))
        {
            void Tick()
            {
                written.Add(gen.Next());
                if (w.Append(written[^1]).Message is { } m)
                {
                    messages.Add(m);
                }
            }

            for (int i = 0; i < 12; i++) Tick();
            files.Full = true;
            for (int i = 0; i < 40; i++) Tick();
            Assert.NotNull(w.Failure);
            Assert.True(files.FailedWrites is >= 2 and <= 3, $"{files.FailedWrites} writes tried in 40 s at a 20 s retry");
            files.Full = false;
            for (int i = 0; i < 30; i++) Tick();
            Assert.Null(w.Failure);
            Assert.Equal(0, w.DroppedTicks);
        }

        Assert.Equal(2, messages.Count);
        Assert.Contains("no space left on device (ENOSPC)", messages[0], StringComparison.Ordinal);
        Assert.Contains("resumed", messages[1], StringComparison.Ordinal);
        Assert.True(tmp.Segments.Length >= 2, "the torn segment is abandoned, a new one started");
        using var r = JournalReader.Open(tmp.Dir);
        var read = JournalAssert.ReadAll(r);
        Assert.Equal(written.Count, read.Count);
        for (int i = 0; i < read.Count; i++)
        {
            JournalAssert.SameTick(written[i], read[i]);
        }
    }

    [Fact]
    public void A_long_outage_drops_the_oldest_pending_ticks_and_counts_them()
    {
        using var tmp = new TempJournal();
        var files = new FullDiskFiles(tmp.Dir) { Full = true };
        var gen = new SyntheticTicks(processes: 20);
        var written = new List<RecordedTick>();
        long dropped;
        using (var w = new JournalWriter(files, SyntheticTicks.Info, new JournalOptions { BlockTicks = 5, PendingMaxBytes = 6_000 }))
        {
            for (int i = 0; i < 100; i++)
            {
                written.Add(gen.Next());
                w.Append(written[^1]);
            }

            dropped = w.DroppedTicks;
            Assert.True(dropped > 0, $"{dropped} dropped");
            files.Full = false;
            var status = w.Flush();
            Assert.Contains($"{dropped} ticks were dropped", status.Message, StringComparison.Ordinal);
        }

        using var r = JournalReader.Open(tmp.Dir);
        var read = JournalAssert.ReadAll(r);
        Assert.Equal(written.Count - dropped, read.Count);
        JournalAssert.SameTick(written[^1], read[^1]);
        JournalAssert.SameTick(written[(int)dropped], read[0]);
    }

    [Fact]
    public void An_unwritable_directory_is_reported_and_the_writer_goes_on()
    {
        using var tmp = new TempJournal();
        string blocker = Path.Combine(tmp.Dir, "file-not-dir");
        File.WriteAllText(blocker, "x");
        var gen = new SyntheticTicks(processes: 5);
        using var w = new JournalWriter(Path.Combine(blocker, "journal"), SyntheticTicks.Info, new JournalOptions { BlockTicks = 2 });
        var first = w.Append(gen.Next());
        first = first.Message is null ? w.Append(gen.Next()) : first;
        Assert.False(first.Healthy);
        Assert.Contains("recording to", first.Message, StringComparison.Ordinal);
        for (int i = 0; i < 10; i++)
        {
            Assert.Null(w.Append(gen.Next()).Message);
        }
    }

    [Fact]
    public void A_planted_symlink_is_never_followed()
    {
        using var tmp = new TempJournal();
        string victim = Path.Combine(tmp.Dir, "victim");
        File.WriteAllText(victim, "precious");
        string dir = Path.Combine(tmp.Dir, "journal");
        Directory.CreateDirectory(dir);
        var gen = new SyntheticTicks(processes: 5);
        var tick = gen.Next();
        File.CreateSymbolicLink(Path.Combine(dir, JournalLayout.SegmentName(tick.Time)), victim);
        using (var w = new JournalWriter(dir, SyntheticTicks.Info))
        {
            Assert.True(w.Append(tick).Healthy);
        }

        Assert.Equal("precious", File.ReadAllText(victim));
        string made = Path.Combine(dir, JournalLayout.SegmentName(tick.Time, 1));
        Assert.True(File.Exists(made));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(made));

        // A link another user could have planted: in a directory anyone may write to (as /tmp, or a user's HOME).
        string open = Path.Combine(tmp.Dir, "open");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF); // 0777
        string linkedDir = Path.Combine(open, "linked");
        Directory.CreateSymbolicLink(linkedDir, dir);
        using var w2 = new JournalWriter(linkedDir, SyntheticTicks.Info);
        var status = w2.Append(gen.Next());
        status = status.Message is null ? w2.Flush() : status;
        Assert.False(status.Healthy);
    }
}
