using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Text;
using LimitTop.Core.Trends;
using LimitTop.Core.Witness;

namespace LimitTop.Core.Pipeline;

/// <summary>
/// The refusal witness (Core/Witness) as a step of every tick: drains what the kernel reported since the last tick
/// (on the loop's thread, non-blocking), adds one event-log line per process, errno and limit per second (the flood
/// ring) and one per kernel log line, marks the first refusals of a burst (the flight recorder's trigger), and sets
/// <see cref="Snapshot.Refusals"/> before the diagnosis, so the diagnosis can lead with them. Owns the witness:
/// <see cref="Dispose"/> removes the trace instance (every host disposes it on every exit path).
/// </summary>
public sealed class WitnessStage : ITickStage, IDisposable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private RefusalWitness? _witness;
    private WitnessStatus _off;
    private Snapshot? _current;
    private ProcRoot _root = ProcRoot.Default;
    private WitnessOptions _options = new();
    private ProcScan? _scan;

    private WitnessStage(RefusalWitness? witness, WitnessStatus off)
    {
        _witness = witness;
        _off = off;
    }

    /// <summary>
    /// Starts the witness (never throws: its status says why not). Off when <paramref name="enabled"/> is false
    /// (--no-witness, the F2 setting) and on a captured tree (<paramref name="root"/> not live: tracefs reports this
    /// kernel, not the tree's).
    /// </summary>
    public static WitnessStage Start(bool enabled, ProcRoot root, WitnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!enabled)
        {
            return new WitnessStage(null, WitnessStatus.Disabled) { _root = root, _options = options ?? new WitnessOptions() };
        }

        if (!root.IsLive)
        {
            return new WitnessStage(null, WitnessStatus.Down("fixture", "--proc " + SafeText.Escape(root.Proc) + " is not this kernel's /proc"));
        }

        var stage = new WitnessStage(null, WitnessStatus.Disabled) { _root = root, _options = options ?? new WitnessOptions() };
        stage.Open();
        return stage;
    }

    private void Open()
    {
        var o = _options with { Proc = _root.Proc, Sys = _root.Sys };
        _scan ??= new ProcScan(_root.Proc);
        _witness = RefusalWitness.Start(o, new Counts(this));
    }

    /// <summary>
    /// Turns the witness on or off while running (the F2 setup screen): off removes the trace instance at once; on
    /// makes a new one (files in tracefs, no thread). A stage started on a captured tree stays off.
    /// </summary>
    public void Switch(bool on)
    {
        if (!on && _witness is not null)
        {
            _witness.Dispose();
            _witness = null;
            _off = WitnessStatus.Disabled;
        }
        else if (on && _witness is null && _off == WitnessStatus.Disabled && _root.IsLive)
        {
            Open();
        }
    }

    /// <summary>Whether refusals are witnessed, or why not.</summary>
    public WitnessStatus Status => _witness?.Status ?? _off;

    /// <summary>The witness itself (null when off): its fds, counters and stale-instance clean-up, for tests and logs.</summary>
    public RefusalWitness? Witness => _witness;

    /// <summary>The last drain brought the first refusals after a quiet spell.</summary>
    public bool BurstStarted { get; private set; }

    public Snapshot Apply(Snapshot raw, EventLog events)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(events);
        var now = raw.TakenAt;
        if (_witness is null)
        {
            return raw with { Refusals = Empty(_off) };
        }

        _current = raw; // tasks per real uid for the nproc check: this tick's counts
        var drain = _witness.Drain(now);
        _current = null;
        BurstStarted = drain.BurstStarted;
        foreach (var e in drain.Events)
        {
            events.Add(new TrendEvent(e.Time, TrendEvent.Refused, Scope.Pid(e.Pid, e.Name), EventLimit.Parse(e.Limit), e.Count, e.Pid, e.Name)
            {
                Text = e.Describe(uid => UserName(raw, uid)),
            });
        }

        foreach (var k in drain.Kernel)
        {
            events.Add(new TrendEvent(k.Time, TrendEvent.KernelLog, k.Cgroup is { } c ? Scope.Cgroup(c) : Scope.System, EventLimit.Parse(k.Kind), 1, k.Pid, k.Name)
            {
                Text = k.ToString(),
            });
        }

        var summary = _witness.Summary(now);
        if (drain.BurstStarted && summary.Processes.Count > 0)
        {
            var top = summary.Processes[0];
            events.Add(new TrendEvent(now, TrendEvent.RefusalBurst, Scope.Pid(top.Pid), EventLimit.Parse(top.Limit), drain.Refusals, top.Pid, top.Name)
            {
                Text = string.Create(Inv, $"{now.UtcDateTime:HH':'mm':'ss} refusals began: {top.Name} pid {top.Pid} refused by {top.Limit} ({RefusalLimits.Name(top.Errno)})"),
            });
        }

        return raw with { Refusals = summary };
    }

    private static string UserName(Snapshot s, int uid)
    {
        foreach (var u in s.Users)
        {
            if (u.Uid == uid)
            {
                return u.Name;
            }
        }

        return uid.ToString(Inv);
    }

    /// <summary>
    /// Tasks per real uid for the nproc check: this tick's snapshot; a uid it does not have (its first task started
    /// after the sample, as a storm's first second does) is counted by one scan of /proc, at most once per drain.
    /// </summary>
    private sealed class Counts(WitnessStage stage) : IUserTaskCounts
    {
        public void BeginDrain() => stage._scan?.BeginDrain();

        public long? TasksOf(int uid)
        {
            if (stage._current is { } s)
            {
                foreach (var u in s.Users)
                {
                    if (u.Uid == uid)
                    {
                        return u.ChargedTasks;
                    }
                }
            }

            return stage._scan?.TasksOf(uid);
        }
    }

    /// <summary>A summary that only says why nothing is witnessed.</summary>
    public static RefusalSummary Empty(WitnessStatus why)
        => new(why, why, 0, 0, 0, [], [], [], [], [], []);

    public void Dispose()
    {
        _witness?.Dispose();
        _witness = null;
        _scan?.Dispose();
        _scan = null;
    }
}
