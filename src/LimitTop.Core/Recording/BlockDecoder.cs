using System.IO.Compression;
using Microsoft.Win32.SafeHandles;

namespace LimitTop.Core.Recording;

/// <summary>Reads, checks and decodes one block into its ticks (docs/recording.md "Payload").</summary>
public static class BlockDecoder
{
    /// <summary>The block's ticks; throws <see cref="JournalFormatException"/> when its CRC or its payload is wrong.</summary>
    /// <param name="baseTick">For a block that is not a key block: the tick its first delta applies to.</param>
    public static RecordedTick[] Decode(SafeFileHandle handle, BlockRef block, RecordedTick? baseTick, int format = JournalLayout.Version)
    {
        ArgumentNullException.ThrowIfNull(block);
        var h = block.Header;
        var compressed = new byte[h.CompressedLength];
        if (RandomAccess.Read(handle, compressed, block.Offset + BlockHeader.Size) != compressed.Length)
        {
            throw new JournalFormatException("block cut short");
        }

        return Decode(h, compressed, baseTick, format);
    }

    public static RecordedTick[] Decode(BlockHeader h, byte[] compressed, RecordedTick? baseTick, int format = JournalLayout.Version)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        if (Crc32C.Compute(compressed) != h.PayloadCrc)
        {
            throw new JournalFormatException("block CRC mismatch");
        }

        if (h.Codec != JournalLayout.CodecBrotli)
        {
            throw new JournalFormatException($"unknown block codec {h.Codec}");
        }

        var raw = new byte[h.UncompressedLength];
        if (!BrotliDecoder.TryDecompress(compressed, raw, out int n) || n != raw.Length)
        {
            throw new JournalFormatException("block does not decompress to its recorded length");
        }

        var r = new PayloadReader(raw, n);
        var ticks = new RecordedTick[h.Ticks];
        if (!h.IsKey && (baseTick is null || baseTick.Time.ToUnixTimeMilliseconds() != h.BaseMs))
        {
            throw new JournalFormatException("the block it continues is missing or damaged");
        }

        RecordedTick? prev = h.IsKey ? null : baseTick;
        try
        {
            for (int i = 0; i < ticks.Length; i++)
            {
                prev = ticks[i] = TickCodec.Decode(r, prev, format);
            }
        }
        catch (Exception e) when (e is OverflowException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            throw new JournalFormatException("malformed tick in block", e);
        }

        return ticks;
    }
}
