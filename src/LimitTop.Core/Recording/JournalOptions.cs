namespace LimitTop.Core.Recording;

/// <summary>The writer's bounds (docs/recording.md "Writing" and "Retention" say why these defaults).</summary>
public sealed record JournalOptions
{
    /// <summary>A block is closed after this many ticks…</summary>
    public int BlockTicks { get; init; } = 60;

    /// <summary>…or when it spans this long…</summary>
    public TimeSpan BlockSpan { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>…or when its encoded ticks reach this many bytes (the bound of the open block in memory).</summary>
    public int BlockMaxRawBytes { get; init; } = 8 << 20;

    /// <summary>Every this many blocks starts with a key frame (the others continue the block before): a seek decodes at most this many.</summary>
    public int KeyEvery { get; init; } = 10;

    /// <summary>A block holding a new event is closed and fsync'ed at once, unless one was within this time.</summary>
    public TimeSpan EventCloseSpacing { get; init; } = TimeSpan.FromSeconds(10);

    public long SegmentMaxBytes { get; init; } = 16L << 20;

    public TimeSpan SegmentMaxAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>--record-keep.</summary>
    public TimeSpan Keep { get; init; } = TimeSpan.FromDays(7);

    /// <summary>--record-max-bytes.</summary>
    public long MaxBytes { get; init; } = 256L << 20;

    /// <summary>Blocks without an event are fsync'ed at least this often.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>After a failed write, the next try waits this long.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Closed blocks waiting for a failed disk, at most this many bytes (oldest dropped first).</summary>
    public long PendingMaxBytes { get; init; } = 16L << 20;

    /// <summary>Brotli quality 0–11 (5: a block of a field-load host compresses in a few ms).</summary>
    public int BrotliQuality { get; init; } = 5;

    /// <summary>Brotli window log (22: 4 MiB, a whole block).</summary>
    public int BrotliWindow { get; init; } = 22;
}
