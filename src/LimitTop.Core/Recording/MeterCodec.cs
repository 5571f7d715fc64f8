using LimitTop.Core.Model;

namespace LimitTop.Core.Recording;

/// <summary>
/// The header's CPU and memory meters (format 3, docs/recording.md "Payload"): the system's CPU% in tenths (the
/// precision the meter shows), MemTotal and MemAvailable in bytes. Written as the fields that changed since the
/// previous tick, MemAvailable as its change, so a quiet second costs one byte.
/// </summary>
public static class MeterCodec
{
    private const byte CpuFollows = 1;
    private const byte TotalFollows = 2;
    private const byte AvailableFollows = 4;
    private const byte AvailableChange = 8;

    /// <summary>The meters as the reader gets them back: CPU% to 0.1.</summary>
    public static SystemUsage Normalize(SystemUsage s)
    {
        double? cpu = s.CpuPercent is { } c ? Tenths(c) / 10.0 : null;
        return Nullable.Equals(cpu, s.CpuPercent) ? s : s with { CpuPercent = cpu };
    }

    /// <summary><paramref name="s"/> carrying the meters of <paramref name="from"/> (none when null).</summary>
    public static SystemUsage WithMetersOf(SystemUsage s, SystemUsage? from)
        => Nullable.Equals(s.CpuPercent, from?.CpuPercent) && s.MemTotalBytes == from?.MemTotalBytes && s.MemAvailableBytes == from?.MemAvailableBytes
            ? s
            : s with { CpuPercent = from?.CpuPercent, MemTotalBytes = from?.MemTotalBytes, MemAvailableBytes = from?.MemAvailableBytes };

    /// <summary>A CPU% in the tenths the meter shows (and the journal stores).</summary>
    private static long Tenths(double percent) => (long)Math.Round(percent * 10, MidpointRounding.AwayFromZero);

    /// <summary>Writes the meters of <paramref name="cur"/> (normalized) against those of <paramref name="prev"/>.</summary>
    public static void Write(PayloadWriter w, SystemUsage? prev, SystemUsage cur)
    {
        byte flags = 0;
        if (!Nullable.Equals(prev?.CpuPercent, cur.CpuPercent)) flags |= CpuFollows;
        if (prev?.MemTotalBytes != cur.MemTotalBytes) flags |= TotalFollows;
        if (prev?.MemAvailableBytes != cur.MemAvailableBytes)
        {
            flags |= prev?.MemAvailableBytes is not null && cur.MemAvailableBytes is not null ? AvailableChange : AvailableFollows;
        }

        w.Byte(flags);
        if ((flags & CpuFollows) != 0) w.Nullable(cur.CpuPercent is { } c ? Tenths(c) : null);
        if ((flags & TotalFollows) != 0) w.Nullable(cur.MemTotalBytes);
        if ((flags & AvailableFollows) != 0) w.Nullable(cur.MemAvailableBytes);
        if ((flags & AvailableChange) != 0) w.Signed(cur.MemAvailableBytes!.Value - prev!.MemAvailableBytes!.Value);
    }

    /// <summary><paramref name="s"/> with the meters read against those of <paramref name="prev"/>.</summary>
    public static SystemUsage Read(PayloadReader r, SystemUsage? prev, SystemUsage s)
    {
        byte flags = r.Byte();
        if (flags > 15 || (flags & (AvailableFollows | AvailableChange)) == (AvailableFollows | AvailableChange)
            || ((flags & AvailableChange) != 0 && prev?.MemAvailableBytes is null))
        {
            throw new JournalFormatException("bad meters section");
        }

        double? cpu = (flags & CpuFollows) != 0 ? r.Nullable() is { } t ? t / 10.0 : null : prev?.CpuPercent;
        long? total = (flags & TotalFollows) != 0 ? r.Nullable() : prev?.MemTotalBytes;
        long? available = (flags & AvailableFollows) != 0 ? r.Nullable()
            : (flags & AvailableChange) != 0 ? prev!.MemAvailableBytes + r.Signed()
            : prev?.MemAvailableBytes;
        return s.CpuPercent == cpu && s.MemTotalBytes == total && s.MemAvailableBytes == available
            ? s
            : s with { CpuPercent = cpu, MemTotalBytes = total, MemAvailableBytes = available };
    }
}
