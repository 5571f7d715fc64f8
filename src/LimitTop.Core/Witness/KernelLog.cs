using LimitTop.Core.Model;
using System.Text;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Witness;

/// <summary>
/// The kernel's own words about limits, from /dev/kmsg: opened non-blocking and moved to its end at start-up, so
/// only lines logged while limittop runs are read, in the loop that already runs (one record per read(2)).
/// An overwritten position answers EPIPE: counted in <see cref="Overruns"/>, and the next read continues.
/// </summary>
public sealed class KernelLog : IDisposable
{
    public const int RecentCapacity = 100;

    private readonly byte[] _buffer = new byte[8192]; // a record is at most 1 KiB of text plus its dictionary
    private readonly List<KernelLogEvent> _new = [];
    private readonly KernelLogEvent[] _recent = new KernelLogEvent[RecentCapacity];
    private readonly int _maxRecords;
    private int _recentCount;
    private int _recentNext;
    private int _fd;

    private KernelLog(int fd, WitnessStatus status, int maxRecords)
    {
        _fd = fd;
        Status = status;
        _maxRecords = maxRecords;
    }

    public WitnessStatus Status { get; private set; }

    /// <summary>The descriptor (pollable for POLLIN); −1 when down.</summary>
    public int Fd => _fd;

    /// <summary>Times the kernel's log ring overwrote records before limittop read them (EPIPE).</summary>
    public long Overruns { get; private set; }

    public static KernelLog Open(WitnessOptions options)
    {
        if (!options.Enabled || !options.KernelLog)
        {
            return new KernelLog(-1, new WitnessStatus(false, "disabled", "the kernel log is not read (--no-witness)"), 0);
        }

        int fd = Posix.Open(options.KmsgPath, O_RDONLY | O_NONBLOCK | O_CLOEXEC, out int error);
        if (fd < 0)
        {
            string why = error is Errno.EACCES or Errno.EPERM
                ? $"{options.KmsgPath}: {Errno.Describe(error)} (needs root, with CAP_SYSLOG where kernel.dmesg_restrict is 1)"
                : $"{options.KmsgPath}: {Errno.Describe(error)}";
            return new KernelLog(-1, new WitnessStatus(false, error is Errno.EACCES or Errno.EPERM ? "refused" : "error",
                $"the kernel log is not read: {why}"), 0);
        }

        int seek = TraceFiles.SeekToEnd(fd);
        if (seek != 0)
        {
            Posix.Close(fd);
            return new KernelLog(-1, new WitnessStatus(false, "error", $"the kernel log is not read: lseek {options.KmsgPath}: {Errno.Describe(seek)}"), 0);
        }

        return new KernelLog(fd, new WitnessStatus(true, "up", $"the kernel's lines about limits are read from {options.KmsgPath}"),
            options.MaxKernelRecordsPerDrain);
    }

    /// <summary>Reads the records logged since the last call (at most the configured number); returns the recognised ones.</summary>
    public IReadOnlyList<KernelLogEvent> Drain(DateTimeOffset now)
    {
        if (_fd < 0)
        {
            return [];
        }

        _new.Clear();
        double monoNow = Clocks.MonotonicSeconds;
        for (int i = 0; i < _maxRecords; i++)
        {
            long n = TraceFiles.Read(_fd, _buffer);
            if (n == -EPIPE)
            {
                Overruns++;
                continue;
            }

            if (n <= 0)
            {
                break; // -EAGAIN: nothing more; 0 or another error: try again next tick
            }

            string record = Encoding.UTF8.GetString(_buffer, 0, (int)n);
            if (KernelLogParser.TryParseRecord(record, out _, out long usec, out string message)
                && KernelLogParser.Recognise(message, MonotonicClock.ToWall(usec / 1e6, now, monoNow)) is { } e)
            {
                _new.Add(e);
                _recent[_recentNext] = e;
                _recentNext = (_recentNext + 1) % RecentCapacity;
                _recentCount = Math.Min(_recentCount + 1, RecentCapacity);
            }
        }

        return _new.Count == 0 ? [] : [.. _new];
    }

    /// <summary>The kept events, newest first.</summary>
    public IReadOnlyList<KernelLogEvent> Recent()
    {
        var list = new List<KernelLogEvent>(_recentCount);
        for (int i = 1; i <= _recentCount; i++)
        {
            list.Add(_recent[(_recentNext - i + RecentCapacity) % RecentCapacity]);
        }

        return list;
    }

    public void Dispose()
    {
        Posix.Close(Interlocked.Exchange(ref _fd, -1));
        if (Status.Up)
        {
            Status = new WitnessStatus(false, "closed", "the kernel log was closed");
        }
    }
}
