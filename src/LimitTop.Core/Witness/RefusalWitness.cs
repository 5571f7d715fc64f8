using LimitTop.Core.Model;
using LimitTop.Core.Native;
using System.Text;
using LimitTop.Core.Text;

namespace LimitTop.Core.Witness;

/// <summary>What one <see cref="RefusalWitness.Drain"/> brought.</summary>
/// <param name="Events">Per-second groups closed by this drain, oldest first: the event log's new lines.</param>
/// <param name="Kernel">Kernel log lines about limits read by this drain.</param>
/// <param name="Refusals">Refusals read by this drain.</param>
/// <param name="Lost">Refusals the kernel's buffer dropped since the previous drain.</param>
/// <param name="BurstStarted">The first refusals after 10 s without any: the flight recorder's trigger.</param>
/// <param name="Pending">The drain stopped at its byte budget: more is waiting (read next tick).</param>
public sealed record WitnessDrain(
    IReadOnlyList<RefusalEvent> Events, IReadOnlyList<KernelLogEvent> Kernel, long Refusals, long Lost, bool BurstStarted, bool Pending)
{
    public static WitnessDrain Empty { get; } = new([], [], 0, 0, false, false);
}

/// <summary>
/// The refusal witness: every refused clone/clone3/fork/vfork as the kernel reports it (a private tracefs
/// instance, docs/kernel-limits.md §17), attributed to the limit that refused it, plus the kernel log's lines
/// about limits. No thread, no process: <see cref="Drain"/> is called from the loop that already runs, reads
/// without blocking until EAGAIN (at most <see cref="WitnessOptions.MaxBytesPerDrain"/>), and attributes each
/// refusal at once from /proc. <see cref="Dispose"/> removes the trace instance; call it on every exit path.
/// </summary>
public sealed class RefusalWitness : IDisposable
{
    private const int ReadChunk = 64 * 1024;
    private static readonly TimeSpan BurstGap = TimeSpan.FromSeconds(10);

    private readonly TraceInstance _instance;
    private readonly KernelLog _kernelLog;
    private readonly FactReader? _facts;
    private readonly RefusalAggregator _aggregator = new();
    private readonly byte[] _buffer = new byte[ReadChunk];
    private readonly int _maxBytes;
    private readonly Func<string?> _takeMoved;
    private FactReader.TaskEntry _current;
    private Refusal _run;
    private long _runCount;
    private long _runSecond;
    private bool _runStable;
    private int _carry;
    private long _lastLost;
    private bool _pending;
    private DateTimeOffset? _lastRefusal;
    private bool _disposed;

    private RefusalWitness(TraceInstance instance, KernelLog kernelLog, FactReader? facts, WitnessOptions options)
    {
        _instance = instance;
        _kernelLog = kernelLog;
        _facts = facts;
        _maxBytes = Math.Max(ReadChunk, options.MaxBytesPerDrain);
        _takeMoved = () => _facts!.TakeMovedCgroup(_current);
    }

    /// <summary>
    /// Opens the trace instance and the kernel log (never throws; <see cref="Status"/> says why not).
    /// <paramref name="users"/>: tasks per real uid now — pass the latest snapshot's counts; null scans /proc
    /// once per drain that meets an EAGAIN needing it.
    /// </summary>
    public static RefusalWitness Start(WitnessOptions options, IUserTaskCounts? users = null)
    {
        var instance = TraceInstance.Open(options);
        var kernelLog = KernelLog.Open(options);
        FactReader? facts = instance.Status.Up ? new FactReader(options.Proc, options.Sys, users ?? new ProcScan(options.Proc)) : null;
        var witness = new RefusalWitness(instance, kernelLog, facts, options);
        // A safety net for exits that bypass the host's own clean-up (an unhandled exception, Environment.Exit):
        // no thread is created; the handlers run on the exiting thread. Dispose is idempotent.
        AppDomain.CurrentDomain.ProcessExit += witness.OnExit;
        AppDomain.CurrentDomain.UnhandledException += witness.OnExit;
        return witness;
    }

    /// <summary>Whether refusals are witnessed, or why not (the screen, --why, <c>limittop_witness_up</c>).</summary>
    public WitnessStatus Status => _instance.Status;

    public WitnessStatus KernelLogStatus => _kernelLog.Status;

    /// <summary>trace_pipe (−1 when down). Pollable, but it wakes only at the instance's buffer_percent; draining each tick is enough.</summary>
    public int TraceFd => _instance.PipeFd;

    public int KernelLogFd => _kernelLog.Fd;

    /// <summary>Stale instances of SIGKILLed limittops removed at start.</summary>
    public IReadOnlyList<string> RemovedStale => _instance.RemovedStale;

    public long Total => _aggregator.Total;

    public long Lost => _aggregator.Lost;

    /// <summary>Lines that were not refusals: restart codes (−512…−516) and lines the parser could not read.</summary>
    public long Restarts => _aggregator.Restarts;

    public long Malformed => _aggregator.Malformed;

    /// <summary>Reads what the kernel reported since the last call; at most one byte budget per call.</summary>
    public WitnessDrain Drain(DateTimeOffset now)
    {
        var kernel = _kernelLog.Drain(now);
        if (_instance.PipeFd < 0 || _facts is null)
        {
            return kernel.Count == 0 ? WitnessDrain.Empty : WitnessDrain.Empty with { Kernel = kernel };
        }

        _facts.BeginDrain();
        long before = _aggregator.Total;
        double monoNow = Clocks.MonotonicSeconds;
        int budget = _maxBytes;
        bool read = false;
        while (budget > 0)
        {
            long n = TraceFiles.Read(_instance.PipeFd, _buffer.AsSpan(_carry));
            if (n <= 0)
            {
                break; // -EAGAIN: drained
            }

            read = true;
            budget -= (int)n;
            Lines((int)n + _carry, now, monoNow);
        }

        FlushRun();
        bool pending = budget <= 0;
        long lost = 0;
        if (read || _pending)
        {
            long total = _instance.ReadLost();
            lost = Math.Max(0, total - _lastLost);
            _lastLost = Math.Max(total, _lastLost);
            _aggregator.Lost += lost;
        }

        _pending = pending;
        long refusals = _aggregator.Total - before;
        bool burst = refusals > 0 && (_lastRefusal is not { } last || now - last > BurstGap);
        if (refusals > 0)
        {
            _lastRefusal = now;
        }

        var events = _aggregator.Flush(now);
        _aggregator.Prune(now);
        return new WitnessDrain(events, kernel, refusals, lost, burst, pending);
    }

    /// <summary>Refusals of process <paramref name="pid"/> in the last 60 s (the REFUSED column).</summary>
    public long LastMinute(int pid, DateTimeOffset now) => _aggregator.LastMinute(pid, now);

    public RefusalSummary Summary(DateTimeOffset now)
        => _aggregator.Summary(now, Status, KernelLogStatus, _kernelLog.Recent());

    private void Lines(int length, DateTimeOffset now, double monoNow)
    {
        var data = _buffer.AsSpan(0, length);
        int start = 0;
        while (true)
        {
            int nl = data[start..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                break;
            }

            Line(data.Slice(start, nl), now, monoNow);
            start += nl + 1;
        }

        _carry = length - start;
        if (_carry == _buffer.Length)
        {
            _aggregator.Malformed++; // one line longer than the buffer: never from these events
            _carry = 0;
        }
        else if (_carry > 0)
        {
            data[start..].CopyTo(_buffer);
        }
    }

    private void Line(ReadOnlySpan<byte> text, DateTimeOffset now, double monoNow)
    {
        switch (TraceLineParser.Parse(text, out var line))
        {
            case TraceLineKind.Restart:
                _aggregator.Restarts++;
                return;
            case TraceLineKind.Malformed:
                _aggregator.Malformed++;
                return;
            case TraceLineKind.Other:
                return;
        }

        var time = _instance.MonotonicClock ? MonotonicClock.ToWall(line.Timestamp, now, monoNow) : now;
        long second = time.ToUnixTimeSeconds();
        // A storm is long runs of lines from one thread: a line like the run's, whose limit does not depend on a
        // cgroup counter's budget, only adds to the run's count (facts are read once per drain anyway).
        if (_runCount > 0 && _runStable && line.Tid == _run.Tid && line.Errno == _run.Errno && second == _runSecond)
        {
            _runCount++;
            return;
        }

        _current = _facts!.Task(line.Tid, line.Tgid);
        var status = _current.Status;
        var attribution = RefusalDecider.Decide(line.Errno, _facts.Facts(_current, line.Errno), _takeMoved);
        if (_runCount > 0 && line.Tid == _run.Tid && line.Errno == _run.Errno && second == _runSecond
            && attribution.Limit == _run.Limit && attribution.Cgroup == _run.Cgroup)
        {
            _runCount++;
            return;
        }

        FlushRun();
        string name = status is { } s ? SafeText.Escape(s.Name) : SafeText.Escape(Encoding.UTF8.GetString(line.Comm));
        _run = new Refusal(time, line.Tid, status?.Tgid ?? line.Tgid ?? line.Tid, name, status?.RealUid, line.Errno,
            attribution.Limit, attribution.Cgroup, _current.Cgroup?.Path);
        _runSecond = second;
        _runCount = 1;
        _runStable = attribution.Limit != RefusalLimits.PidsCgroup && !attribution.Limit.StartsWith("unknown", StringComparison.Ordinal);
    }

    private void FlushRun()
    {
        if (_runCount > 0)
        {
            _aggregator.Add(_run, _runCount);
            _runCount = 0;
        }
    }

    private void OnExit(object? sender, EventArgs e) => Dispose();

    /// <summary>Removes the trace instance and closes the kernel log. Idempotent; safe from any exit path.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= OnExit;
        AppDomain.CurrentDomain.UnhandledException -= OnExit;
        _instance.Dispose();
        _kernelLog.Dispose();
        _facts?.Dispose();
    }
}
