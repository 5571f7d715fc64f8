using LimitTop.Core.Platform;
using LimitTop.Core.Procfs;
using LimitTop.Core.Text;
using LimitTop.Core.Native;

namespace LimitTop.Core.Actions;

public sealed record GroupKillOptions
{
    /// <summary>Give up after this many signalling rounds.</summary>
    public int MaxRounds { get; init; } = 20;

    /// <summary>Give up after this long since the first step.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Use cgroup.kill for a v2 cgroup target with KILL (kernel 5.14+).</summary>
    public bool UseCgroupKill { get; init; } = true;
}

public enum KillOutcome
{
    /// <summary>Not finished: call <see cref="GroupKill.Step"/> again (e.g. from a UI timer).</summary>
    Running,

    /// <summary>A single process, or a group with a non-terminating signal (STOP, CONT, HUP, USR1/2): sent once.</summary>
    Sent,

    /// <summary>A terminating signal and no member is left.</summary>
    AllGone,

    /// <summary>The round or time bound was reached with members left.</summary>
    BoundReached,

    /// <summary>Nothing could be signalled (EPERM for every member left).</summary>
    NotPermitted,

    /// <summary>The target is gone or was replaced before anything was sent, or another error.</summary>
    Failed,
}

/// <summary>Where a kill stands, in words for the status bar.</summary>
public sealed record KillProgress(
    KillOutcome Outcome,
    int Rounds,
    int Signalled,
    int Remaining,
    int Denied,
    bool UsedCgroupKill,
    TimeSpan Elapsed,
    string Message)
{
    public bool Finished => Outcome != KillOutcome.Running;
}

/// <summary>
/// Sends a signal to a <see cref="KillTarget"/> and, for a group and a terminating signal, keeps going until the
/// group is gone — winning against a group that keeps forking:
/// <list type="bullet">
/// <item>v2 cgroup target + KILL + cgroup.kill present + limittop not inside: write "1" to cgroup.kill (the kernel
///   kills the whole subtree, including tasks forked meanwhile), then re-scan until empty.</item>
/// <item>otherwise, rounds: re-scan /proc (or cgroup.procs of the subtree) for members, signal every one, re-scan;
///   until none is left or <see cref="GroupKillOptions.MaxRounds"/> / <see cref="GroupKillOptions.MaxDuration"/>.</item>
/// </list>
/// It is a step function so it never sleeps and never starts a thread: call <see cref="Step"/> once when the user
/// presses Enter, then from a UI timer (e.g. Terminal.Gui <c>app.AddTimeout(100 ms, () =&gt; !kill.Step().Finished)</c>)
/// until <see cref="KillProgress.Finished"/>. Each step is one round: signal, then re-scan at once (a KILLed
/// process usually is gone by then, so most groups finish in the first step).
/// </summary>
public sealed class GroupKill
{
    private readonly KillTarget _target;
    private readonly SignalChoice _signal;
    private readonly IProcessScanner _scanner;
    private readonly ISignalSender _sender;
    private readonly TimeProvider _time;
    private readonly GroupKillOptions _options;
    private readonly List<LiveMember> _live = [];
    private readonly HashSet<ProcessRef> _signalled = [];
    private readonly HashSet<ProcessRef> _denied = [];
    private long _startedAt;
    private int _rounds;
    private bool _cgroupKill;
    private string? _cgroupKillError;
    private KillProgress? _last;

    public GroupKill(KillTarget target, SignalChoice signal, IProcessScanner scanner, ISignalSender? sender = null,
        TimeProvider? time = null, GroupKillOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(scanner);
        _target = target;
        _signal = signal;
        _scanner = scanner;
        _sender = sender ?? new SignalSender();
        _time = time ?? TimeProvider.System;
        _options = options ?? new GroupKillOptions();
    }

    public KillTarget Target => _target;

    public SignalChoice Signal => _signal;

    /// <summary>The last progress; null before the first step.</summary>

    public bool Finished => _last?.Finished == true;

    /// <summary>Runs one round. After the result is finished, returns it again without doing anything.</summary>
    public KillProgress Step()
    {
        if (_last is { Finished: true })
        {
            return _last;
        }

        bool first = _last is null;
        if (first)
        {
            _startedAt = _time.GetTimestamp();
        }

        _last = _target.Scope == KillScope.Process ? StepSingle()
            : !_signal.Terminates ? StepOnce()
            : StepRepeat(first);
        return _last;
    }

    private TimeSpan Elapsed => _time.GetElapsedTime(_startedAt);

    private KillProgress StepSingle()
    {
        var sel = _target.Selected;
        if (!_scanner.TryIdentify(sel.Pid, out var now))
        {
            return Done(KillOutcome.Failed, 0, 0, 0, $"{_signal.Name} to pid {sel.Pid}: no such process — it already exited");
        }

        if (sel.StartTicks != 0 && now.StartTicks != sel.StartTicks)
        {
            return Done(KillOutcome.Failed, 0, 0, 0, $"pid {sel.Pid} is now a different process (the PID was reused); nothing sent");
        }

        var r = _sender.Send(sel, _signal); // pinned by a pidfd and checked again: the PID may change hands after TryIdentify
        _rounds = 1;
        if (r.Replaced)
        {
            return Done(KillOutcome.Failed, 0, 0, 0, r.Message);
        }

        var outcome = r.Sent ? KillOutcome.Sent : r.Errno == Errno.EPERM ? KillOutcome.NotPermitted : KillOutcome.Failed;
        string msg = r.Sent ? $"{r.Message} ({_target.Name})" : r.Message;
        return Done(outcome, r.Sent ? 1 : 0, 0, r.Errno == Errno.EPERM ? 1 : 0, msg);
    }

    private KillProgress StepOnce()
    {
        _scanner.Scan(_target, _live);
        if (_live.Count == 0)
        {
            return Done(KillOutcome.Failed, 0, 0, 0, $"{_signal.Name}: no process left in the group");
        }

        var (sent, denied, other) = SignalAll();
        _rounds = 1;
        string msg = $"sent {_signal.Label} to {Processes(sent)}" + Problems(denied, other, SelfOf(_sender));
        var outcome = sent == 0 && denied > 0 ? KillOutcome.NotPermitted : sent == 0 ? KillOutcome.Failed : KillOutcome.Sent;
        return Done(outcome, sent, 0, denied, msg);
    }

    private KillProgress StepRepeat(bool first)
    {
        if (first)
        {
            _scanner.Scan(_target, _live);
            if (_live.Count == 0)
            {
                return Done(KillOutcome.Failed, 0, 0, 0, $"{_signal.Name}: no process left in the group");
            }

            TryCgroupKill();
        }

        if (_live.Count == 0)
        {
            return AllGone();
        }

        if (_rounds >= _options.MaxRounds || Elapsed >= _options.MaxDuration)
        {
            return Done(KillOutcome.BoundReached, _signalled.Count, _live.Count, _denied.Count,
                $"still {Processes(_live.Count)} left after {Rounds(_rounds)} ({Figures.Duration(Elapsed)}); "
                + $"signalled {Processes(_signalled.Count)}{Problems(_denied.Count, 0, SelfOf(_sender))}");
        }

        int sentNow = 0, deniedNow = 0;
        if (_cgroupKill && !first)
        {
            // Writing again is harmless and catches a task that was mid-fork when the first write ran.
            ControlFile.Write(_scanner.CgroupKillPath(_target) ?? "", "1");
        }
        else if (!_cgroupKill)
        {
            (sentNow, deniedNow, _) = SignalAll();
        }

        _rounds++;
        _scanner.Scan(_target, _live);
        if (_live.Count == 0)
        {
            return AllGone();
        }

        if (!_cgroupKill && sentNow == 0 && deniedNow > 0 && _live.TrueForAll(m => _denied.Contains(m.Ref)))
        {
            return Done(KillOutcome.NotPermitted, _signalled.Count, _live.Count, _denied.Count,
                $"{_signal.Name}: {Processes(_live.Count)} could not be signalled: operation not permitted — {SelfOf(_sender).KillRefused}");
        }

        return Make(KillOutcome.Running, _signalled.Count, _live.Count, _denied.Count,
            $"{_signal.Name}: round {_rounds}, {Processes(_live.Count)} left");
    }

    private void TryCgroupKill()
    {
        if (!_options.UseCgroupKill || _signal.Number != Signals.Kill.Number || _target.SparesSelf
            || _scanner.CgroupKillPath(_target) is not { } path)
        {
            return;
        }

        int err = ControlFile.Write(path, "1");
        if (err != 0)
        {
            _cgroupKillError = $"cgroup.kill: {Errno.Describe(err)}";
            return;
        }

        _cgroupKill = true;
        foreach (var m in _live)
        {
            _signalled.Add(m.Ref);
        }
    }

    private (int Sent, int Denied, int Other) SignalAll()
    {
        int sent = 0, denied = 0, other = 0;
        foreach (var m in _live)
        {
            var r = _sender.Send(m.Ref, _signal); // the process the scan saw, never one that took its number since
            if (r.Sent)
            {
                sent++;
                _signalled.Add(m.Ref);
            }
            else if (r.Errno == Errno.EPERM)
            {
                denied++;
                _denied.Add(m.Ref);
            }
            else if (r.Errno != Errno.ESRCH)
            {
                other++;
            }
        }

        return (sent, denied, other);
    }

    private KillProgress AllGone()
    {
        string how = _cgroupKill ? "with cgroup.kill" : $"with {_signal.Name} in {Rounds(_rounds)}";
        string note = _cgroupKillError is { } e ? $" ({e}; used signals instead)" : "";
        return Done(KillOutcome.AllGone, _signalled.Count, 0, _denied.Count, $"killed {Processes(_signalled.Count)} {how}{note}");
    }

    private KillProgress Done(KillOutcome outcome, int signalled, int remaining, int denied, string message)
        => Make(outcome, signalled, remaining, denied, message);

    private KillProgress Make(KillOutcome outcome, int signalled, int remaining, int denied, string message)
        => new(outcome, _rounds, signalled, remaining, denied, _cgroupKill, Elapsed, message);

    private static string Problems(int denied, int other, SelfCredentials self)
        => (denied > 0 ? $"; {denied} not permitted ({Short(self)})" : "")
         + (other > 0 ? $"; {other} failed" : "");

    private static SelfCredentials SelfOf(ISignalSender sender) => (sender as SignalSender)?.Self ?? SelfCredentials.Current;

    /// <summary>The missing capability in a few words, for a list of outcomes.</summary>
    private static string Short(SelfCredentials self) => self.Has(SelfCredentials.CapKill)
        ? "refused although limittop holds CAP_KILL"
        : self.IsRoot ? "another user's; limittop is root without CAP_KILL" : "another user's; needs root with CAP_KILL";

    private static string Processes(int n) => n == 1 ? "1 process" : Figures.Count(n) + " processes";

    private static string Rounds(int n) => n == 1 ? "1 round" : $"{n} rounds";
}
