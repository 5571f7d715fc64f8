using System.Globalization;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Actions;

/// <summary>What <see cref="PidGuard.Hold"/> found.</summary>
public enum PidHoldState
{
    /// <summary>A pidfd names the process, and its start time was the one expected when the pidfd was already held.</summary>
    Pinned,

    /// <summary>No pidfd here (ENOSYS: before Linux 5.3): act by number, as before.</summary>
    ByNumber,

    /// <summary>The number now belongs to another process (its start time differs): nothing may be done to it.</summary>
    Replaced,

    /// <summary>pidfd_open failed (ESRCH: it exited; see <see cref="PidHold.Errno"/>).</summary>
    Failed,
}

/// <summary>A held process (dispose to close the pidfd).</summary>
public readonly record struct PidHold(PidHoldState State, int Pidfd, int Errno) : IDisposable
{
    private readonly IActionSyscalls? _sys;

    internal PidHold(PidHoldState state, int pidfd, int errno, IActionSyscalls sys)
        : this(state, pidfd, errno) => _sys = sys;

    public void Dispose()
    {
        if (Pidfd >= 0)
        {
            _sys?.ClosePidfd(Pidfd);
        }
    }
}

/// <summary>
/// Pins the process a row was read from before an action touches it: pidfd_open(pid), then the start time of
/// /proc/PID/stat compared with the row's — in that order, so the check is about the process the pidfd holds: if
/// the number was reused before pidfd_open, the start time differs and nothing is done; if it is reused after, the
/// pidfd still names the old (now dead) process, and pidfd_send_signal answers ESRCH instead of signalling the new
/// one (docs/kernel-limits.md §15; issue 24, finding 7). A start time of 0 in the target means "not known": no check.
/// </summary>
public sealed class PidGuard
{
    private readonly IActionSyscalls _sys;
    private readonly Func<int, ulong?> _startOf;

    /// <param name="startOf">The start time (field 22 of /proc/PID/stat) of a pid now; null when it is gone. Default: live /proc.</param>
    public PidGuard(IActionSyscalls? syscalls = null, Func<int, ulong?>? startOf = null)
    {
        _sys = syscalls ?? LinuxActionSyscalls.Instance;
        _startOf = startOf ?? StartTicks;
    }

    public IActionSyscalls Syscalls => _sys;

    public PidHold Hold(ProcessRef target)
    {
        int err = _sys.PidfdOpen(target.Pid, out int fd);
        if (err == PidfdSyscalls.ENOSYS)
        {
            return new PidHold(PidHoldState.ByNumber, -1, 0, _sys);
        }

        if (err != 0)
        {
            return new PidHold(PidHoldState.Failed, -1, err, _sys);
        }

        if (target.StartTicks != 0)
        {
            ulong? now = _startOf(target.Pid);
            if (now != target.StartTicks)
            {
                _sys.ClosePidfd(fd);
                return now is null
                    ? new PidHold(PidHoldState.Failed, -1, Native.Errno.ESRCH, _sys)
                    : new PidHold(PidHoldState.Replaced, -1, Native.Errno.ESRCH, _sys);
            }
        }

        return new PidHold(PidHoldState.Pinned, fd, 0, _sys);
    }

    /// <summary>Field 22 of /proc/PID/stat (live /proc), or null when the process is gone or unreadable.</summary>
    public static unsafe ulong? StartTicks(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        int fd = Posix.Open("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat", Posix.ReadFlags, out _);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            byte* buf = stackalloc byte[1024]; // comm is at most 16 bytes: a stat line is ~350
            long n = read(fd, buf, 1024);
            return n > 0 && StatParser.TryParse(new ReadOnlySpan<byte>(buf, (int)n), out var stat) ? stat.StartTicks : null;
        }
        finally
        {
            Posix.Close(fd);
        }
    }
}
