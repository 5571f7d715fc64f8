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
}

/// <summary>The real syscalls, through Tmds.LibC (no Process API, no subprocess).</summary>
public sealed unsafe class LinuxActionSyscalls : IActionSyscalls
{
    // x86-64 number; Tmds.LibC 0.5.0 has no prlimit wrapper. (aarch64 would be 261.)
    private const int SysPrlimit64 = 302;

    public static LinuxActionSyscalls Instance { get; } = new();

    public int Kill(int pid, int signal) => kill(pid, signal) == 0 ? 0 : errno;

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
