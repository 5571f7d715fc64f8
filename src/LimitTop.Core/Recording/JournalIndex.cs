using Microsoft.Win32.SafeHandles;

namespace LimitTop.Core.Recording;

/// <summary>A block found in a segment: where it is and what its header says.</summary>
public sealed record BlockRef(string Path, long Offset, BlockHeader Header)
{
    public DateTimeOffset First => TickCodec.Time(Header.FirstMs);
    public DateTimeOffset Last => TickCodec.Time(Header.LastMs);
}

/// <summary>A segment's header and where its blocks start.</summary>
public sealed record SegmentRef(string Path, SegmentInfo Info, long BlocksStart, long Length);

/// <summary>
/// The index the reader rebuilds from block headers (docs/recording.md "Blocks"): no index file can disagree with
/// the data. A header that fails its CRC is skipped by searching for the next valid one; a block running past the
/// end of its file is the torn tail and ends the segment.
/// </summary>
public static class JournalIndex
{
    private const int SearchChunk = 64 * 1024;

    /// <summary>Reads one segment's header; throws <see cref="JournalFormatException"/> when it is not a readable journal.</summary>
    public static SegmentRef ReadSegment(string path, SafeFileHandle handle)
    {
        long length = RandomAccess.GetLength(handle);
        var prefix = new byte[JournalLayout.SegmentPrefix];
        if (RandomAccess.Read(handle, prefix, 0) < prefix.Length)
        {
            throw new JournalFormatException("file too short for a journal header");
        }

        int total = JournalLayout.SegmentHeaderLength(prefix);
        var header = new byte[total];
        if (RandomAccess.Read(handle, header, 0) < total)
        {
            throw new JournalFormatException("journal header cut short");
        }

        return new SegmentRef(path, JournalLayout.ReadSegmentHeader(header), total, length);
    }

    /// <summary>The blocks of a segment, in file order; <paramref name="skipped"/> counts the bytes of garbage passed over.</summary>
    public static List<BlockRef> ScanBlocks(SegmentRef segment, SafeFileHandle handle, out long skipped)
    {
        var blocks = new List<BlockRef>();
        var buf = new byte[BlockHeader.Size];
        long offset = segment.BlocksStart;
        skipped = 0;
        while (offset + BlockHeader.Size <= segment.Length)
        {
            int n = RandomAccess.Read(handle, buf, offset);
            if (n == BlockHeader.Size && BlockHeader.TryRead(buf, out var h))
            {
                long end = offset + BlockHeader.Size + h.CompressedLength;
                if (end > segment.Length)
                {
                    break; // the torn tail
                }

                blocks.Add(new BlockRef(segment.Path, offset, h));
                offset = end;
                continue;
            }

            long next = FindNextHeader(handle, offset + 1, segment.Length);
            if (next < 0)
            {
                break; // nothing valid after: a torn header at the end, or garbage
            }

            skipped += next - offset;
            offset = next;
        }

        return blocks;
    }

    private static long FindNextHeader(SafeFileHandle handle, long from, long length)
    {
        var chunk = new byte[SearchChunk + BlockHeader.Size];
        var magic = JournalLayout.BlockMagic;
        for (long pos = from; pos + BlockHeader.Size <= length; pos += SearchChunk)
        {
            int n = RandomAccess.Read(handle, chunk, pos);
            var span = chunk.AsSpan(0, n);
            int at = 0;
            while (at < n)
            {
                int i = span[at..].IndexOf(magic);
                if (i < 0 || at + i >= SearchChunk)
                {
                    break;
                }

                int hit = at + i;
                if (hit + BlockHeader.Size <= n && BlockHeader.TryRead(span[hit..], out _))
                {
                    return pos + hit;
                }

                at = hit + 1;
            }
        }

        return -1;
    }
}
