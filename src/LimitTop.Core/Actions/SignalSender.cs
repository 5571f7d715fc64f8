using LimitTop.Core.Procfs;

namespace LimitTop.Core.Actions;

/// <summary>Sends one signal to one process.</summary>
public interface ISignalSender
{
    SignalResult Send(int pid, SignalChoice signal);
}

/// <summary>The outcome of one kill(2), in words for the status bar.</summary>
public sealed record SignalResult(int Pid, SignalChoice Signal, int Errno, SelfCredentials? Self = null)
{
    public bool Sent => Errno == 0;

    public string Message => Errno switch
    {
        0 => $"sent {Signal.Label} to pid {Pid}",
        Procfs.Errno.EPERM => $"{Signal.Name} to pid {Pid}: operation not permitted — {(Self ?? SelfCredentials.Current).KillRefused}",
        Procfs.Errno.ESRCH => $"{Signal.Name} to pid {Pid}: no such process — it already exited",
        _ => $"{Signal.Name} to pid {Pid}: {Procfs.Errno.Describe(Errno)}",
    };

    public override string ToString() => Message;
}

/// <summary>kill(2) through Tmds.LibC; never a Process API or a subprocess (those need a fork that may fail).</summary>
public sealed class SignalSender(IActionSyscalls? syscalls = null, SelfCredentials? self = null) : ISignalSender
{
    private readonly IActionSyscalls _sys = syscalls ?? LinuxActionSyscalls.Instance;

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
