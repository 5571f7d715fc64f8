using System.Buffers.Binary;
using System.Text;

namespace LimitTop.Core.Recording;

/// <summary>What a segment's header says about the recording (docs/recording.md "Segment header").</summary>
public sealed record SegmentInfo(DateTimeOffset Start, string Host, string BootId, string Kernel, string LimitTopVersion)
{
    /// <summary>The format version the segment was written in (its header says; a writer writes <see cref="JournalLayout.Version"/>).</summary>
    public int Format { get; init; } = JournalLayout.Version;
}

/// <summary>
/// A block's 48-byte header (docs/recording.md "Blocks"). A key block starts with a key frame; any other block's
/// first tick is a delta to the tick at <see cref="BaseMs"/>, the last tick of the block before it.
/// </summary>
public readonly record struct BlockHeader(
    int CompressedLength, int UncompressedLength, long FirstMs, long LastMs, int Ticks, byte Codec, byte Flags, long BaseMs, uint PayloadCrc)
{
    public const int Size = 48;
    public const byte FlagEvent = 1;
    public const byte FlagKey = 2;

    public bool HasEvent => (Flags & FlagEvent) != 0;

    public bool IsKey => (Flags & FlagKey) != 0;

    public void Write(Span<byte> b)
    {
        JournalLayout.BlockMagic.CopyTo(b);
        BinaryPrimitives.WriteInt32LittleEndian(b[4..], CompressedLength);
        BinaryPrimitives.WriteInt32LittleEndian(b[8..], UncompressedLength);
        BinaryPrimitives.WriteInt64LittleEndian(b[12..], FirstMs);
        BinaryPrimitives.WriteInt64LittleEndian(b[20..], LastMs);
        BinaryPrimitives.WriteUInt16LittleEndian(b[28..], (ushort)Ticks);
        b[30] = Codec;
        b[31] = Flags;
        BinaryPrimitives.WriteInt64LittleEndian(b[32..], BaseMs);
        BinaryPrimitives.WriteUInt32LittleEndian(b[40..], PayloadCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(b[44..], Crc32C.Compute(b[..44]));
    }

    /// <summary>The header at the start of <paramref name="b"/>, when its magic, CRC and lengths are valid.</summary>
    public static bool TryRead(ReadOnlySpan<byte> b, out BlockHeader h)
    {
        h = default;
        if (b.Length < Size || !b[..4].SequenceEqual(JournalLayout.BlockMagic)
            || BinaryPrimitives.ReadUInt32LittleEndian(b[44..]) != Crc32C.Compute(b[..44]))
        {
            return false;
        }

        h = new BlockHeader(
            BinaryPrimitives.ReadInt32LittleEndian(b[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[20..]),
            BinaryPrimitives.ReadUInt16LittleEndian(b[28..]),
            b[30],
            b[31],
            BinaryPrimitives.ReadInt64LittleEndian(b[32..]),
            BinaryPrimitives.ReadUInt32LittleEndian(b[40..]));
        return h.CompressedLength is > 0 and <= JournalLayout.MaxPayload
            && h.UncompressedLength is > 0 and <= JournalLayout.MaxPayload
            && h.Ticks > 0 && h.LastMs >= h.FirstMs;
    }
}

/// <summary>The constants and the segment header (format version 3: version 1 plus refusals and names in each tick (2), plus the CPU and memory meters (3)).</summary>
public static class JournalLayout
{
    public const ushort Version = 3;
    public const byte CodecBrotli = 1;
    public const int MaxPayload = 64 << 20;
    public const string Extension = ".ltj";

    /// <summary>The fixed part of a segment header: magic, version, flags, payload length.</summary>
    public const int SegmentPrefix = 16;

    /// <summary>A header payload longer than this is garbage.</summary>
    public const int MaxSegmentHeader = 64 * 1024;

    public static ReadOnlySpan<byte> Magic => "LTJOURN\n"u8;

    public static ReadOnlySpan<byte> BlockMagic => "LTBK"u8;

    public static byte[] SegmentHeader(SegmentInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var w = new PayloadWriter(256);
        w.Signed(info.Start.ToUnixTimeMilliseconds());
        foreach (var s in (ReadOnlySpan<string>)[info.Host, info.BootId, info.Kernel, info.LimitTopVersion])
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(s);
            w.Varint((ulong)utf8.Length);
            foreach (byte b in utf8)
            {
                w.Byte(b);
            }
        }

        var body = w.Written;
        var bytes = new byte[SegmentPrefix + body.Length + 4];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), Version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), body.Length);
        body.CopyTo(bytes.AsSpan(SegmentPrefix));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(SegmentPrefix + body.Length), Crc32C.Compute(bytes.AsSpan(0, SegmentPrefix + body.Length)));
        return bytes;
    }

    /// <summary>The length of the whole header given its first <see cref="SegmentPrefix"/> bytes; throws when not a journal.</summary>
    public static int SegmentHeaderLength(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < SegmentPrefix || !prefix[..8].SequenceEqual(Magic))
        {
            throw new JournalFormatException("not a limittop journal (bad magic)");
        }

        int version = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
        if (version > Version)
        {
            throw new JournalFormatException($"recorded by a newer limittop (format {version}; this one reads up to {Version})");
        }

        int len = BinaryPrimitives.ReadInt32LittleEndian(prefix[12..]);
        if (len is < 0 or > MaxSegmentHeader)
        {
            throw new JournalFormatException("segment header length out of range");
        }

        return SegmentPrefix + len + 4;
    }

    public static SegmentInfo ReadSegmentHeader(byte[] header)
    {
        ArgumentNullException.ThrowIfNull(header);
        int total = SegmentHeaderLength(header);
        if (header.Length < total
            || BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(total - 4)) != Crc32C.Compute(header.AsSpan(0, total - 4)))
        {
            throw new JournalFormatException("segment header CRC mismatch");
        }

        var r = new PayloadReader(header[SegmentPrefix..(total - 4)], total - 4 - SegmentPrefix);
        long start = r.Signed();
        string Str()
        {
            int n = r.Count();
            var bytes = new byte[n];
            for (int i = 0; i < n; i++)
            {
                bytes[i] = r.Byte();
            }

            return Encoding.UTF8.GetString(bytes);
        }

        return new SegmentInfo(TickCodec.Time(start), Str(), Str(), Str(), Str()) { Format = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8)) };
    }

    /// <summary>limittop-YYYYMMDD-HHMMSS.ltj for a segment starting at <paramref name="start"/> (suffix -N when taken).</summary>
    public static string SegmentName(DateTimeOffset start, int suffix = 0)
    {
        string stamp = start.UtcDateTime.ToString("yyyyMMdd'-'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return suffix == 0 ? $"limittop-{stamp}{Extension}" : $"limittop-{stamp}-{suffix}{Extension}";
    }

    /// <summary>The start time in a segment's name; false for a file that is not one.</summary>
    public static bool TryParseSegmentName(string name, out DateTimeOffset start)
    {
        start = default;
        if (!name.StartsWith("limittop-", StringComparison.Ordinal) || !name.EndsWith(Extension, StringComparison.Ordinal) || name.Length < 24)
        {
            return false;
        }

        return DateTimeOffset.TryParseExact(name.AsSpan(9, 15), "yyyyMMdd'-'HHmmss", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out start);
    }
}
