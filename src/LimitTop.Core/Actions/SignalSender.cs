using LimitTop.Core.Procfs;
using LimitTop.Core.Native;

namespace LimitTop.Core.Actions;

/// <summary>Sends one signal to one process.</summary>
public interface ISignalSender
{
    /// <summary>By number only (no identity check): for a pid the caller has just verified, or a stand-in.</summary>
    SignalResult Send(int pid, SignalChoice signal);

    /// <summary>To the process <paramref name="target"/> names — never to another that took its number since.</summary>
    SignalResult Send(ProcessRef target, SignalChoice signal) => Send(target.Pid, signal);
}

/// <summary>The outcome of one kill(2), in words for the status bar.</summary>
public sealed record SignalResult(int Pid, SignalChoice Signal, int Errno, SelfCredentials? Self = null)
{
    public bool Sent => Errno == 0;

    /// <summary>The pid now names another process (start time differs): nothing was sent (Errno is ESRCH).</summary>
    public bool Replaced { get; init; }

    public string Message => Errno switch
    {
        _ when Replaced => $"pid {Pid} is now a different process (the PID was reused); nothing sent",
        0 => $"sent {Signal.Label} to pid {Pid}",
        Native.Errno.EPERM => $"{Signal.Name} to pid {Pid}: operation not permitted — {(Self ?? SelfCredentials.Current).KillRefused}",
        Native.Errno.ESRCH => $"{Signal.Name} to pid {Pid}: no such process — it already exited",
        _ => $"{Signal.Name} to pid {Pid}: {Native.Errno.Describe(Errno)}",
    };

    public override string ToString() => Message;
}

/// <summary>
/// kill(2), or pidfd_send_signal(2) through a <see cref="PidGuard"/>, through Tmds.LibC; never a Process API or a
/// subprocess (those need a fork that may fail).
/// </summary>
public sealed class SignalSender(IActionSyscalls? syscalls = null, Func<int, ulong?>? startOf = null, SelfCredentials? self = null) : ISignalSender
{
    private readonly IActionSyscalls _sys = syscalls ?? LinuxActionSyscalls.Instance;
    private readonly PidGuard _guard = new(syscalls, startOf);

    /// <summary>
    /// Pins the process with a pidfd, checks its start time, and signals through the pidfd; without pidfd (ENOSYS)
    /// by number, as before (the caller's start-time check then stands, with its race).
    /// </summary>
    public SignalResult Send(ProcessRef target, SignalChoice signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (target.Pid <= 0)
        {
            return new SignalResult(target.Pid, signal, Errno.ESRCH);
        }

        using var hold = _guard.Hold(target);
        return hold.State switch
        {
            PidHoldState.Pinned => new SignalResult(target.Pid, signal, _sys.PidfdSendSignal(hold.Pidfd, signal.Number)),
            PidHoldState.Replaced => new SignalResult(target.Pid, signal, Errno.ESRCH) { Replaced = true },
            PidHoldState.Failed => new SignalResult(target.Pid, signal, hold.Errno),
            _ => Send(target.Pid, signal),
        };
    }

    /// <summary>Whose refusal a result explains (tests pass one; null is this process).</summary>
    public SelfCredentials? Self => self;

    public SignalResult Send(int pid, SignalChoice signal)
    {
        ArgumentNullException.ThrowIfNull(signal);

        // kill(0 or negative) would hit a process group or everything: never what a row in the table means.
        if (pid <= 0)
        {
            return new SignalResult(pid, signal, Errno.ESRCH, self);
        }

        return new SignalResult(pid, signal, _sys.Kill(pid, signal.Number), self);
    }
}
