using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace LimitTop.Headless;

/// <summary>
/// SIGTERM, SIGINT and SIGHUP as a readable file descriptor in the poll loop (signalfd(2)): the signals are blocked
/// with sigprocmask first, so none of them runs a handler or kills the process; the loop reads them and exits
/// cleanly. No PosixSignalRegistration (it needs the runtime's signal thread), no handler on another thread.
/// A process-directed signal goes to any thread that does not block it, and the runtime's finalizer thread exists
/// before Main: it is made to block the same set by a finalizer (code that runs on that very thread), and every
/// thread's SigBlk in /proc/self/task is checked, so a SIGTERM never takes the default action (death, exit 143).
/// </summary>
internal sealed unsafe partial class SignalFd : IDisposable
{
    private const int SigBlock = 0;
    private const int SfdNonblock = 0x800;
    private const int SfdCloexec = 0x80000;
    private const int SigsetWords = 16; // 1024 bits, glibc's sigset_t
    private const int SiginfoSize = 128;

    private SignalFd(int fd) => Fd = fd;

    public int Fd { get; private set; }

    /// <summary>Blocks <paramref name="signals"/> in the calling thread and opens a signalfd for them; null with errno on failure.</summary>
    public static SignalFd? Open(ReadOnlySpan<int> signals, out int error)
    {
        ulong* set = stackalloc ulong[SigsetWords];
        for (int i = 0; i < SigsetWords; i++)
        {
            set[i] = 0;
        }

        foreach (int s in signals)
        {
            set[(s - 1) / 64] |= 1UL << ((s - 1) % 64);
        }

        error = 0;
        if (SysSigprocmask(SigBlock, set, null) != 0)
        {
            error = Marshal.GetLastPInvokeError();
            return null;
        }

        BlockOnFinalizerThread(set);
        int fd = SysSignalfd(-1, set, SigsetWords * sizeof(ulong), SfdNonblock | SfdCloexec);
        if (fd < 0)
        {
            error = Marshal.GetLastPInvokeError();
            return null;
        }

        return new SignalFd(fd);
    }

    /// <summary>
    /// Threads (by name) whose mask lets one of <paramref name="signals"/> through to its default action (death);
    /// empty when all block them. A signal the runtime catches (the JIT runtime's handlers) is not at risk.
    /// </summary>
    public static List<string> ThreadsNotBlocking(ReadOnlySpan<int> signals)
    {
        ulong want = 0;
        foreach (int s in signals)
        {
            want |= 1UL << (s - 1);
        }

        want &= ~Mask("/proc/self/status", "SigCgt:");
        if (want == 0)
        {
            return [];
        }

        var leaky = new List<string>();
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if ((Mask(task + "/status", "SigBlk:") & want) != want)
                {
                    leaky.Add(File.ReadAllText(task + "/comm").Trim() + " (" + Path.GetFileName(task) + ")");
                }
            }
            catch (IOException)
            {
                // the thread ended
            }
        }

        return leaky;
    }

    private static ulong Mask(string status, string field)
    {
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : Convert.ToUInt64(line[field.Length..].Trim(), 16);
    }

    private static ulong[] s_finalizerSet = [];

    private static void BlockOnFinalizerThread(ulong* set)
    {
        s_finalizerSet = new ReadOnlySpan<ulong>(set, SigsetWords).ToArray();
        Garbage();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Garbage() => _ = new MaskOnFinalizer();

    /// <summary>Its finalizer runs on the runtime's finalizer thread and blocks the signals there.</summary>
    private sealed class MaskOnFinalizer
    {
        ~MaskOnFinalizer()
        {
            fixed (ulong* p = s_finalizerSet)
            {
                _ = SysSigprocmask(SigBlock, p, null);
            }
        }
    }

    /// <summary>The next pending signal number, or 0 when none is queued.</summary>
    public int Read()
    {
        byte* info = stackalloc byte[SiginfoSize];
        long n = read(Fd, info, SiginfoSize);
        return n == SiginfoSize ? *(int*)info : 0;
    }

    public void Dispose()
    {
        if (Fd >= 0)
        {
            close(Fd);
            Fd = -1;
        }
    }

    [LibraryImport("libc", EntryPoint = "sigprocmask", SetLastError = true)]
    private static partial int SysSigprocmask(int how, ulong* set, ulong* old);

    [LibraryImport("libc", EntryPoint = "signalfd", SetLastError = true)]
    private static partial int SysSignalfdRaw(int fd, ulong* mask, int flags);

    private static int SysSignalfd(int fd, ulong* mask, int size, int flags) => size > 0 ? SysSignalfdRaw(fd, mask, flags) : -1;
}
