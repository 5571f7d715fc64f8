namespace LimitTop.Platform;

/// <summary>
/// Signals as a readable file descriptor in a poll loop (signalfd(2)) instead of a handler: no PosixSignalRegistration
/// (it needs the runtime's signal thread), no handler on another thread. The signals are blocked first, in the calling
/// thread and — because a process-directed signal goes to any thread that does not block it — in the runtime's
/// finalizer thread too (<see cref="BlockInFinalizerThread"/>), so none of them runs its default action (a SIGTERM
/// never kills the process, exit 143, a raw terminal left behind). The one signalfd of both loops: the headless
/// loop's stop signals (Headless/HeadlessLoop.StopSignals) and the single-thread dashboard's (RawTerminal/RawLoop.Handled).
/// </summary>
internal sealed unsafe class SignalFd : IDisposable
{
    private static int[] s_blocked = [];

    private SignalFd(int fd) => Handle = fd;

    public int Handle { get; private set; }

    /// <summary>Blocks <paramref name="signals"/> and opens a signalfd for them; null with the error number when it cannot.</summary>
    public static SignalFd? Open(ReadOnlySpan<int> signals, out int error)
    {
        s_blocked = signals.ToArray();
        byte* set = stackalloc byte[Native.SigsetBytes];
        Fill(set);
        error = Native.PthreadSigmask(Native.SIG_BLOCK, set, null); // returns the error number, errno untouched
        if (error != 0)
        {
            return null;
        }

        BlockInFinalizerThread();
        int fd = Native.SignalFd(-1, set, Native.SFD_NONBLOCK | Native.SFD_CLOEXEC);
        if (fd < 0)
        {
            error = Native.Errno;
            return null;
        }

        return new SignalFd(fd);
    }

    /// <summary>The next pending signal number, or 0 when none is pending.</summary>
    public int Next()
    {
        byte* info = stackalloc byte[Native.SiginfoBytes];
        while (true)
        {
            nint n = Native.Read(Handle, info, Native.SiginfoBytes);
            if (n == Native.SiginfoBytes)
            {
                return *(int*)info; // ssi_signo
            }

            if (n < 0 && Native.Errno == Native.EINTR)
            {
                continue;
            }

            return 0;
        }
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

    public void Dispose()
    {
        if (Handle >= 0)
        {
            _ = Native.Close(Handle);
            Handle = -1;
        }
    }

    private static ulong Mask(string status, string field)
    {
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : Convert.ToUInt64(line[field.Length..].Trim(), 16);
    }

    private static void Fill(byte* set)
    {
        _ = Native.SigEmptySet(set);
        foreach (int s in s_blocked)
        {
            _ = Native.SigAddSet(set, s);
        }
    }

    /// <summary>
    /// The finalizer thread exists before Main and does not block these signals, so the kernel would hand it a
    /// SIGTERM (default action: die). A finalizer runs on that thread: one that blocks them there.
    /// </summary>
    private static void BlockInFinalizerThread()
    {
        MakeBlocker();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void MakeBlocker() => _ = new FinalizerThreadBlocker();

    private sealed class FinalizerThreadBlocker
    {
        ~FinalizerThreadBlocker()
        {
            byte* set = stackalloc byte[Native.SigsetBytes];
            Fill(set);
            _ = Native.PthreadSigmask(Native.SIG_BLOCK, set, null);
        }
    }
}
