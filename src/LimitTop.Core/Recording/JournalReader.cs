using LimitTop.Core.Trends;
using Microsoft.Win32.SafeHandles;
using LimitTop.Core.Model;

namespace LimitTop.Core.Recording;

/// <summary>A tick's place in a journal: block number and tick within it.</summary>
public readonly record struct JournalPosition(int Block, int Tick);

/// <summary>A recorded event and the tick where it first appears (a replay jumps there).</summary>
public sealed record JournalEvent(TrendEvent Event, JournalPosition Position);

/// <summary>
/// Reads a journal directory or one segment file (docs/recording.md "Reading"): the index from block headers, then
/// one block decoded at a time with the last <see cref="CacheBlocks"/> kept. Bad segments and blocks are skipped and
/// listed in <see cref="Warnings"/>; nothing in a journal makes it throw after <see cref="Open"/>. Not thread-safe.
/// </summary>
public sealed class JournalReader : IDisposable
{
    /// <summary>Decoded blocks kept: a whole chain from a key block (10 by default) and a few more.</summary>
    public const int CacheBlocks = 16;

    /// <summary>The longest chain of blocks followed back to a key block.</summary>
    private const int MaxChain = 1000;

    private readonly List<BlockRef> _blocks;
    private readonly List<(int Block, RecordedTick[] Ticks)> _cache = [];
    private readonly List<string> _warnings;
    private string? _handlePath;
    private SafeFileHandle? _handle;

    private JournalReader(List<SegmentRef> segments, List<BlockRef> blocks, List<string> warnings)
    {
        Segments = segments;
        _blocks = blocks;
        _warnings = warnings;
    }

    public IReadOnlyList<SegmentRef> Segments { get; }

    public IReadOnlyList<BlockRef> Blocks => _blocks;

    /// <summary>What was skipped and why (a segment not readable, a block whose CRC failed), one line each.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    public DateTimeOffset? Start => _blocks.Count == 0 ? null : _blocks[0].First;

    public DateTimeOffset? End => _blocks.Count == 0 ? null : _blocks.Max(b => b.Last);

    /// <summary>Opens <paramref name="path"/>: a directory (its *.ltj segments) or one segment. Throws IOException or
    /// <see cref="JournalFormatException"/> with a sentence for the user when there is nothing readable.</summary>
    public static JournalReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] files = Directory.Exists(path)
            ? Directory.GetFiles(path, "*" + JournalLayout.Extension)
            : File.Exists(path) ? [path] : throw new FileNotFoundException($"{path}: no such journal directory or file");
        var segments = new List<SegmentRef>();
        var blocks = new List<BlockRef>();
        var warnings = new List<string>();
        foreach (string file in files)
        {
            try
            {
                using var h = File.OpenHandle(file, FileMode.Open, FileAccess.Read);
                var seg = JournalIndex.ReadSegment(file, h);
                segments.Add(seg);
                var found = JournalIndex.ScanBlocks(seg, h, out long skipped);
                if (skipped > 0)
                {
                    warnings.Add($"{Path.GetFileName(file)}: {skipped} bytes of damaged data skipped");
                }

                blocks.AddRange(found);
            }
            catch (Exception e) when (e is JournalFormatException or IOException or UnauthorizedAccessException)
            {
                if (files.Length == 1)
                {
                    throw new JournalFormatException($"{file}: {e.Message}", e);
                }

                warnings.Add($"{Path.GetFileName(file)}: skipped ({e.Message})");
            }
        }

        segments.Sort((a, b) => a.Info.Start.CompareTo(b.Info.Start));
        var order = segments.Select((s, i) => (s.Path, i)).ToDictionary(x => x.Path, x => x.i, StringComparer.Ordinal);
        // Time order; within equal times, segment then file order (a stable sort on a precomputed key).
        var sorted = blocks.Select((b, i) => (b, i)).OrderBy(x => x.b.Header.FirstMs).ThenBy(x => order[x.b.Path]).ThenBy(x => x.i)
            .Select(x => x.b).ToList();
        return new JournalReader(segments, sorted, warnings);
    }

    public JournalPosition? First() => FirstFrom(0);

    public JournalPosition? Last() => LastFrom(_blocks.Count - 1);

    /// <summary>The last tick at or before <paramref name="time"/> (the first tick when it is before the journal).</summary>
    public JournalPosition? Seek(DateTimeOffset time)
    {
        long ms = time.ToUnixTimeMilliseconds();
        int lo = 0, hi = _blocks.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_blocks[mid].Header.FirstMs <= ms)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (found < 0)
        {
            return First();
        }

        var ticks = Ticks(found);
        for (int i = ticks.Length - 1; i >= 0; i--)
        {
            if (ticks[i].Time.ToUnixTimeMilliseconds() <= ms)
            {
                return new JournalPosition(found, i);
            }
        }

        return LastFrom(found - 1) ?? FirstFrom(found);
    }

    public JournalPosition? Next(JournalPosition p)
        => p.Tick + 1 < Ticks(p.Block).Length ? p with { Tick = p.Tick + 1 } : FirstFrom(p.Block + 1);

    public JournalPosition? Previous(JournalPosition p)
        => p.Tick > 0 ? p with { Tick = p.Tick - 1 } : LastFrom(p.Block - 1);

    /// <summary>The tick at <paramref name="p"/> (a position this reader returned).</summary>
    public RecordedTick Tick(JournalPosition p) => Ticks(p.Block)[p.Tick];

    /// <summary>Every recorded event, oldest first, each with the tick where it first appears.</summary>
    public IReadOnlyList<JournalEvent> Events()
    {
        var seen = new HashSet<TrendEvent>();
        var list = new List<JournalEvent>();
        for (int b = 0; b < _blocks.Count; b++)
        {
            if (!_blocks[b].Header.HasEvent)
            {
                continue;
            }

            var ticks = Ticks(b);
            for (int t = 0; t < ticks.Length; t++)
            {
                foreach (var e in ticks[t].Events)
                {
                    if (seen.Add(e))
                    {
                        list.Add(new JournalEvent(e, new JournalPosition(b, t)));
                    }
                }
            }
        }

        return [.. list.OrderBy(e => e.Event.Time)];
    }

    /// <summary>
    /// The decoded ticks of block <paramref name="block"/>; empty when it is damaged or continues a damaged block (noted
    /// in <see cref="Warnings"/>). A block that is not a key block is decoded after the blocks back to the last key
    /// block (at most <see cref="JournalOptions.KeyEvery"/>), each kept in the cache.
    /// </summary>
    public RecordedTick[] Ticks(int block)
    {
        if (Cached(block) is { } hit)
        {
            return hit;
        }

        int start = block;
        while (start > 0 && !_blocks[start].Header.IsKey && Cached(start - 1) is null && block - start < MaxChain)
        {
            start--;
        }

        RecordedTick[] ticks = Cached(start - 1) ?? [];
        for (int i = start; i <= block; i++)
        {
            if (Cached(i) is { } c)
            {
                ticks = c;
                continue;
            }

            ticks = DecodeOne(i, ticks.Length > 0 ? ticks[^1] : null);
            if (_cache.Count >= CacheBlocks)
            {
                _cache.RemoveAt(0);
            }

            _cache.Add((i, ticks));
        }

        return ticks;
    }

    private RecordedTick[] DecodeOne(int index, RecordedTick? baseTick)
    {
        var b = _blocks[index];
        try
        {
            int format = Segments.FirstOrDefault(s => string.Equals(s.Path, b.Path, StringComparison.Ordinal))?.Info.Format ?? JournalLayout.Version;
            return BlockDecoder.Decode(Handle(b.Path), b, baseTick, format);
        }
        catch (Exception e) when (e is JournalFormatException or IOException or UnauthorizedAccessException)
        {
            _warnings.Add($"{Path.GetFileName(b.Path)}: block at {b.Offset} ({b.First.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z) skipped: {e.Message}");
            return [];
        }
    }

    private RecordedTick[]? Cached(int block)
    {
        for (int i = 0; i < _cache.Count; i++)
        {
            if (_cache[i].Block == block)
            {
                var hit = _cache[i];
                _cache.RemoveAt(i);
                _cache.Add(hit);
                return hit.Ticks;
            }
        }

        return null;
    }

    public void Dispose()
    {
        _handle?.Dispose();
        _handle = null;
    }

    private JournalPosition? FirstFrom(int block)
    {
        for (int b = Math.Max(0, block); b < _blocks.Count; b++)
        {
            if (Ticks(b).Length > 0)
            {
                return new JournalPosition(b, 0);
            }
        }

        return null;
    }

    private JournalPosition? LastFrom(int block)
    {
        for (int b = Math.Min(block, _blocks.Count - 1); b >= 0; b--)
        {
            int n = Ticks(b).Length;
            if (n > 0)
            {
                return new JournalPosition(b, n - 1);
            }
        }

        return null;
    }

    private SafeFileHandle Handle(string path)
    {
        if (_handle is null || !string.Equals(_handlePath, path, StringComparison.Ordinal))
        {
            _handle?.Dispose();
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            _handlePath = path;
        }

        return _handle;
    }
}
