using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Actions;

/// <summary>struct rlimit64 { u64 rlim_cur, rlim_max; }; <see cref="Infinity"/> is RLIM_INFINITY (~0UL).</summary>
public readonly record struct RLimit64(ulong Cur, ulong Max)
{
    public const ulong Infinity = ulong.MaxValue;
}

/// <summary>
/// The kernel calls the actions make. Production code uses <see cref="LinuxActionSyscalls"/>; tests stand in
/// for it to drive errno paths they cannot create live (root cannot be refused by kill()).
/// Every method returns 0 or the errno, never throws.
/// </summary>
public interface IActionSyscalls
{
    /// <summary>kill(2).</summary>
    int Kill(int pid, int signal);

    /// <summary>prlimit64(2); <paramref name="newLimit"/> null only reads.</summary>
    int Prlimit(int pid, int resource, RLimit64? newLimit, out RLimit64 oldLimit);

    /// <summary>
    /// pidfd_open(2): a descriptor that names this one process for as long as it is held, whatever happens to its
    /// number (docs/kernel-limits.md §15). ENOSYS (before Linux 5.3, or a stand-in) makes callers act by number.
    /// </summary>
    int PidfdOpen(int pid, out int pidfd)
    {
        pidfd = -1;
        return PidfdSyscalls.ENOSYS;
    }

    /// <summary>pidfd_send_signal(2): ESRCH once that process has exited, even if its number is in use again.</summary>
    int PidfdSendSignal(int pidfd, int signal) => PidfdSyscalls.ENOSYS;

    /// <summary>True when the process of <paramref name="pidfd"/> has exited (the pidfd polls readable).</summary>
    bool PidfdExited(int pidfd) => false;

    /// <summary>close(2) of a pidfd.</summary>
    void ClosePidfd(int pidfd)
    {
    }
}

/// <summary>The pidfd syscall numbers (x86-64; the same on every architecture since 5.3's unified table).</summary>
public static class PidfdSyscalls
{
    public const int PidfdSendSignal = 424;
    public const int PidfdOpen = 434;
    public const int ENOSYS = 38;
}

/// <summary>The real syscalls, through Tmds.LibC (no Process API, no subprocess).</summary>
public sealed unsafe class LinuxActionSyscalls : IActionSyscalls
{
    // x86-64 number; Tmds.LibC 0.5.0 has no prlimit wrapper. (aarch64 would be 261.)
    private const int SysPrlimit64 = 302;

    public static LinuxActionSyscalls Instance { get; } = new();

    public int Kill(int pid, int signal) => kill(pid, signal) == 0 ? 0 : errno;

    public int PidfdOpen(int pid, out int pidfd)
    {
        long fd = (long)syscall(PidfdSyscalls.PidfdOpen, pid, 0); // always O_CLOEXEC
        pidfd = fd < 0 ? -1 : (int)fd;
        return fd < 0 ? errno : 0;
    }

    public int PidfdSendSignal(int pidfd, int signal)
        => (long)syscall(PidfdSyscalls.PidfdSendSignal, pidfd, signal, null, 0) == 0 ? 0 : errno;

    public bool PidfdExited(int pidfd)
    {
        var p = new pollfd { fd = pidfd, events = POLLIN };
        return poll(&p, 1, 0) > 0 && (p.revents & POLLIN) != 0;
    }

    public void ClosePidfd(int pidfd) => Native.Posix.Close(pidfd);

    public int Prlimit(int pid, int resource, RLimit64? newLimit, out RLimit64 oldLimit)
    {
        ulong* old = stackalloc ulong[2];
        ulong* set = stackalloc ulong[2];
        if (newLimit is { } n)
        {
            set[0] = n.Cur;
            set[1] = n.Max;
        }

        long rc = (long)syscall(SysPrlimit64, pid, resource, newLimit is null ? null : set, old);
        if (rc != 0)
        {
            oldLimit = default;
            return errno;
        }

        oldLimit = new RLimit64(old[0], old[1]);
        return 0;
    }
}
