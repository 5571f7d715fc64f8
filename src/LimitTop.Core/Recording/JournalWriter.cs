using System.IO.Compression;
using LimitTop.Core.Procfs;
using LimitTop.Core.Trends;
using LimitTop.Core.Native;
using LimitTop.Core.Model;

namespace LimitTop.Core.Recording;

/// <summary>What the host should know after an <see cref="JournalWriter.Append"/>: a message to log (once per change of state) or none.</summary>
public readonly record struct JournalStatus(bool Healthy, string? Message);

/// <summary>
/// Appends ticks to the journal in a directory (docs/recording.md "Writing"), from the caller's loop: no thread, no
/// timer; the times that drive blocks, fsyncs, retries and retention are the ticks' own. A tick is encoded at once
/// into the open block (a key frame first, then deltas); a closed block is compressed and written with one write.
/// A failing disk keeps closed blocks in a bounded queue and is retried; nothing here throws for an I/O error.
/// </summary>
public sealed class JournalWriter : IDisposable
{
    private readonly JournalOptions _o;
    private readonly IJournalFiles _files;
    private readonly SegmentInfo _info;
    private readonly PayloadWriter _payload = new();
    private readonly Queue<Pending> _pending = new();
    private RecordedTick? _prev;
    private RecordedTick? _base;
    private bool _blockKey;
    private bool _blockNewSegment;
    private long _blockBaseMs;
    private int _blocksSinceKey;
    private bool _forceKey;
    private long _segStartMs = -1;
    private long _segBytes;
    private int _blockTicks;
    private long _blockFirstMs;
    private long _blockLastMs;
    private bool _blockEvent;
    private TrendEvent? _lastEvent;
    private long _pendingBytes;
    private int _fd = -1;
    private DateTimeOffset _lastSync = DateTimeOffset.MinValue;
    private DateTimeOffset _nextRetry = DateTimeOffset.MinValue;
    private DateTimeOffset _lastEventClose = DateTimeOffset.MinValue;
    private DateTimeOffset _lastTime = DateTimeOffset.MinValue;
    private string? _failure;

    /// <param name="info">Host, boot id, kernel and version for every segment's header (its start is set per segment).</param>
    public JournalWriter(IJournalFiles files, SegmentInfo info, JournalOptions? options = null)
    {
        _files = files ?? throw new ArgumentNullException(nameof(files));
        _info = info ?? throw new ArgumentNullException(nameof(info));
        _o = options ?? new JournalOptions();
    }

    /// <summary>The usual writer: <paramref name="directory"/> opened with <see cref="SafeJournalFiles"/>.</summary>
    public JournalWriter(string directory, SegmentInfo info, JournalOptions? options = null)
        : this(new SafeJournalFiles(directory), info, options)
    {
    }

    /// <summary>Ticks lost because the disk failed for longer than the pending queue could hold.</summary>
    public long DroppedTicks { get; private set; }

    public long TicksWritten { get; private set; }

    public long BytesWritten { get; private set; }

    /// <summary>The segment being appended to; null between segments or while failing.</summary>
    public string? CurrentSegment { get; private set; }

    /// <summary>The failure being retried, in words; null while healthy.</summary>
    public string? Failure => _failure;

    /// <summary>Records one tick (call once per tick, after the diagnosis, trends and events are in it).</summary>
    public JournalStatus Append(RecordedTick tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        var now = tick.Time;
        long ms = now.ToUnixTimeMilliseconds();
        if (_blockTicks > 0 && (now - TickCodec.Time(_blockFirstMs) >= _o.BlockSpan || ms < _blockLastMs))
        {
            CloseBlock();
        }

        bool clockBack = now < _lastTime;
        _lastTime = now;
        bool newEvent = tick.Events.Count > 0 && !Equals(tick.Events[^1], _lastEvent);
        if (tick.Events.Count > 0)
        {
            _lastEvent = tick.Events[^1];
        }

        if (_blockTicks == 0)
        {
            StartBlock(ms, clockBack);
        }

        _prev = TickCodec.Encode(_payload, _prev, tick);
        _blockTicks++;
        _blockLastMs = ms;
        _blockEvent |= newEvent;
        if (_blockTicks >= Math.Min(_o.BlockTicks, ushort.MaxValue) || _payload.Length >= _o.BlockMaxRawBytes
            || (newEvent && now - _lastEventClose >= _o.EventCloseSpacing))
        {
            if (newEvent)
            {
                _lastEventClose = now;
            }

            CloseBlock();
        }

        return Drain(now, force: false);
    }

    /// <summary>Closes the open block and writes everything pending now (shutdown, or a dump of the moment).</summary>
    public JournalStatus Flush()
    {
        CloseBlock();
        var status = Drain(_lastTime, force: true);
        if (_fd >= 0)
        {
            _files.Sync(_fd);
        }

        return status;
    }

    public void Dispose()
    {
        Flush();
        CloseSegment();
        _files.Dispose();
    }

    /// <summary>
    /// A block starts a new segment when the open one is full or old (or the clock went back: blocks of a segment stay
    /// in time order); it is a key block then, every <see cref="JournalOptions.KeyEvery"/>th block, and while the disk
    /// fails (pending blocks may be dropped, so none may need another). Otherwise it continues the previous block.
    /// </summary>
    private void StartBlock(long ms, bool clockBack)
    {
        _payload.Reset();
        _blockFirstMs = ms;
        _blockNewSegment = _segStartMs < 0 || clockBack || ms - _segStartMs >= (long)_o.SegmentMaxAge.TotalMilliseconds
            || _segBytes >= _o.SegmentMaxBytes;
        if (_blockNewSegment)
        {
            _segStartMs = ms;
            _segBytes = 0;
        }

        _blockKey = _blockNewSegment || _forceKey || _base is null || _blocksSinceKey + 1 >= _o.KeyEvery;
        _prev = _blockKey ? null : _base;
        _blockBaseMs = _blockKey ? 0 : _base!.Time.ToUnixTimeMilliseconds();
    }

    private void CloseBlock()
    {
        if (_blockTicks == 0)
        {
            return;
        }

        var raw = _payload.Written;
        var compressed = new byte[BlockHeader.Size + BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        if (!BrotliEncoder.TryCompress(raw, compressed.AsSpan(BlockHeader.Size), out int n, _o.BrotliQuality, _o.BrotliWindow))
        {
            throw new InvalidOperationException("Brotli refused a buffer of its own maximum size");
        }

        var payload = compressed.AsSpan(BlockHeader.Size, n);
        byte flags = (byte)((_blockEvent ? BlockHeader.FlagEvent : 0) | (_blockKey ? BlockHeader.FlagKey : 0));
        var header = new BlockHeader(n, raw.Length, _blockFirstMs, _blockLastMs, _blockTicks, JournalLayout.CodecBrotli, flags, _blockBaseMs,
            Crc32C.Compute(payload));
        header.Write(compressed);
        var bytes = compressed[..(BlockHeader.Size + n)];
        _pending.Enqueue(new Pending(bytes, _blockTicks, _blockEvent, _blockFirstMs, _blockNewSegment));
        _segBytes += bytes.Length;
        _base = _prev;
        _blocksSinceKey = _blockKey ? 0 : _blocksSinceKey + 1;
        _pendingBytes += bytes.Length;
        while (_pendingBytes > _o.PendingMaxBytes && _pending.Count > 1)
        {
            var old = _pending.Dequeue();
            _pendingBytes -= old.Bytes.Length;
            DroppedTicks += old.Ticks;
        }

        _blockTicks = 0;
        _blockEvent = false;
        _prev = null;
    }

    private JournalStatus Drain(DateTimeOffset now, bool force)
    {
        if (_pending.Count == 0 || (_failure is not null && !force && now < _nextRetry))
        {
            return new JournalStatus(_failure is null, null);
        }

        while (_pending.TryPeek(out var block))
        {
            int e = WriteBlock(block, now);
            if (e != 0)
            {
                _forceKey = true;
                _nextRetry = now + _o.RetryInterval;
                bool first = _failure is null;
                _failure = $"recording to {_files.Directory} failed: {Errno.Describe(e)}; retrying every {_o.RetryInterval.TotalSeconds:0} s, "
                    + $"keeping up to {_o.PendingMaxBytes >> 20} MiB of ticks in memory";
                return new JournalStatus(false, first ? _failure : null);
            }

            _pending.Dequeue();
            _pendingBytes -= block.Bytes.Length;
        }

        _forceKey = false;

        if (_failure is not null)
        {
            _failure = null;
            return new JournalStatus(true, $"recording to {_files.Directory} resumed" + (DroppedTicks > 0 ? $"; {DroppedTicks} ticks were dropped" : ""));
        }

        return new JournalStatus(true, null);
    }

    private int WriteBlock(Pending block, DateTimeOffset now)
    {
        if (_fd >= 0 && block.NewSegment)
        {
            CloseSegment();
        }

        if (_fd < 0)
        {
            int opened = OpenSegment(block.FirstMs, now);
            if (opened != 0)
            {
                return opened;
            }
        }

        int e = _files.Write(_fd, block.Bytes);
        if (e != 0)
        {
            // Abandon the segment: whatever part of the block reached it is a torn tail readers skip.
            _files.Close(_fd);
            _fd = -1;
            CurrentSegment = null;
            return e;
        }

        BytesWritten += block.Bytes.Length;
        TicksWritten += block.Ticks;
        if (block.HasEvent || now - _lastSync >= _o.SyncInterval)
        {
            _files.Sync(_fd); // an fsync error (EIO) is the kernel's to report; the block was written
            _lastSync = now;
        }

        return 0;
    }

    private int OpenSegment(long startMs, DateTimeOffset now)
    {
        int e = _files.OpenDirectory();
        if (e != 0)
        {
            return e;
        }

        var start = TickCodec.Time(startMs);
        string name = JournalLayout.SegmentName(start);
        int fd = -1;
        for (int suffix = 0; suffix < 1000; suffix++)
        {
            name = JournalLayout.SegmentName(start, suffix);
            e = _files.Create(name, out fd);
            if (e != Tmds.Linux.LibC.EEXIST)
            {
                break;
            }
        }

        if (e != 0)
        {
            return e;
        }

        e = _files.Write(fd, JournalLayout.SegmentHeader(_info with { Start = start }));
        if (e != 0)
        {
            _files.Close(fd);
            _files.Delete(name);
            return e;
        }

        _files.SyncDirectory();
        _fd = fd;
        CurrentSegment = name;
        JournalRetention.Apply(_files, name, now, _o.Keep, _o.MaxBytes);
        return 0;
    }

    private void CloseSegment()
    {
        if (_fd >= 0)
        {
            _files.Sync(_fd);
            _files.Close(_fd);
            _fd = -1;
            CurrentSegment = null;
        }
    }

    private sealed record Pending(byte[] Bytes, int Ticks, bool HasEvent, long FirstMs, bool NewSegment);
}
