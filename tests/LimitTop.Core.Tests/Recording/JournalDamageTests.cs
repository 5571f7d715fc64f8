using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

/// <summary>A SIGKILL, a power cut or garbage: the reader keeps every whole block before the damage, never throws.</summary>
public sealed class JournalDamageTests
{
    private static List<RecordedTick> WriteOneSegment(string dir, int ticks, int blockTicks, int processes = 12, int keyEvery = 10)
    {
        var gen = new SyntheticTicks(seed: 7, processes: processes, users: 3);
        var written = new List<RecordedTick>();
        using var w = new JournalWriter(dir, SyntheticTicks.Info, new JournalOptions { BlockTicks = blockTicks, KeyEvery = keyEvery });
        for (int i = 0; i < ticks; i++)
        {
            written.Add(gen.Next());
            w.Append(written[^1]);
        }

        return written;
    }

    [Fact]
    public void Truncated_at_every_byte_of_its_last_block_the_journal_gives_every_earlier_tick()
    {
        using var tmp = new TempJournal();
        var written = WriteOneSegment(tmp.Dir, 30, blockTicks: 10);
        string file = Assert.Single(tmp.Segments);
        long lastStart;
        int beforeLast;
        using (var r = JournalReader.Open(file))
        {
            Assert.Equal(3, r.Blocks.Count);
            lastStart = r.Blocks[^1].Offset;
            beforeLast = 20;
        }

        long full = new FileInfo(file).Length;
        string cut = Path.Combine(tmp.Dir, "cut.ltj");
        File.Copy(file, cut);
        int checkedOffsets = 0;
        using (var fs = new FileStream(cut, FileMode.Open, FileAccess.Write))
        {
            // shortest last: each length is a crash at that byte of the last block's write
            for (long len = full - 1; len >= lastStart; len--)
            {
                fs.SetLength(len);
                fs.Flush();
                using var r = JournalReader.Open(cut);
                var read = JournalAssert.ReadAll(r);
                Assert.Equal(beforeLast, read.Count);
                JournalAssert.SameTick(written[beforeLast - 1], read[^1]);
                checkedOffsets++;
            }
        }

        Assert.Equal(full - lastStart, checkedOffsets);
    }

    [Fact]
    public void A_corrupted_middle_block_is_skipped_and_the_next_key_block_reads()
    {
        using var tmp = new TempJournal();
        var written = WriteOneSegment(tmp.Dir, 30, blockTicks: 10, keyEvery: 2);
        string file = Assert.Single(tmp.Segments);
        long second, first;
        using (var r = JournalReader.Open(file))
        {
            Assert.Equal([true, false, true], r.Blocks.Select(b => b.Header.IsKey));
            first = r.Blocks[0].Offset + BlockHeader.Size + 5;
            second = r.Blocks[1].Offset + BlockHeader.Size + 5;
        }

        Flip(file, second);
        using (var again = JournalReader.Open(file))
        {
            var read = JournalAssert.ReadAll(again);
            Assert.Equal(20, read.Count);
            JournalAssert.SameTick(written[9], read[9]);
            JournalAssert.SameTick(written[20], read[10]);
            JournalAssert.SameTick(written[29], read[^1]);
            Assert.Contains(again.Warnings, w => w.Contains("CRC", StringComparison.Ordinal));
        }

        // a damaged key block also costs the blocks that continue it, up to the next key block
        Flip(file, second);
        Flip(file, first);
        using var third = JournalReader.Open(file);
        var rest = JournalAssert.ReadAll(third);
        Assert.Equal(10, rest.Count);
        JournalAssert.SameTick(written[20], rest[0]);
        Assert.Contains(third.Warnings, w => w.Contains("continues is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupted_block_header_is_passed_over_to_the_next_valid_one()
    {
        using var tmp = new TempJournal();
        var written = WriteOneSegment(tmp.Dir, 30, blockTicks: 10, keyEvery: 1);
        string file = Assert.Single(tmp.Segments);
        long header;
        using (var r = JournalReader.Open(file))
        {
            header = r.Blocks[1].Offset + 5; // inside the compressed length
        }

        Flip(file, header);
        using var again = JournalReader.Open(file);
        Assert.Equal(2, again.Blocks.Count);
        var read = JournalAssert.ReadAll(again);
        Assert.Equal(20, read.Count);
        JournalAssert.SameTick(written[29], read[^1]);
        Assert.Contains(again.Warnings, w => w.Contains("damaged", StringComparison.Ordinal));
    }

    [Fact]
    public void Garbage_after_the_header_reads_as_an_empty_journal_and_a_non_journal_says_so()
    {
        using var tmp = new TempJournal();
        WriteOneSegment(tmp.Dir, 3, blockTicks: 10);
        string file = Assert.Single(tmp.Segments);
        var rng = new Random(3);
        var bytes = File.ReadAllBytes(file);
        int headerLength = JournalLayout.SegmentHeaderLength(bytes);
        var junk = new byte[100_000];
        rng.NextBytes(junk);
        File.WriteAllBytes(file, [.. bytes.AsSpan(0, headerLength), .. junk]);
        using (var r = JournalReader.Open(file))
        {
            Assert.Null(r.First());
        }

        string other = Path.Combine(tmp.Dir, "notes.ltj");
        File.WriteAllText(other, "hello, not a journal");
        var e = Assert.Throws<JournalFormatException>(() => JournalReader.Open(other));
        Assert.Contains("not a limittop journal", e.Message, StringComparison.Ordinal);
        using var dir = JournalReader.Open(tmp.Dir);
        Assert.Contains(dir.Warnings, w => w.StartsWith("notes.ltj: skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_newer_format_version_is_refused_in_words()
    {
        using var tmp = new TempJournal();
        WriteOneSegment(tmp.Dir, 3, blockTicks: 10);
        string file = Assert.Single(tmp.Segments);
        var bytes = File.ReadAllBytes(file);
        bytes[8] = 9;
        File.WriteAllBytes(file, bytes);
        var e = Assert.Throws<JournalFormatException>(() => JournalReader.Open(file));
        Assert.Contains("newer limittop (format 9", e.Message, StringComparison.Ordinal);
    }

    private static void Flip(string file, long offset)
    {
        using var fs = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        fs.Position = offset;
        int b = fs.ReadByte();
        fs.Position = offset;
        fs.WriteByte((byte)(b ^ 0x5A));
    }
}
