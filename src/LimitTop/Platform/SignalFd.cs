namespace LimitTop.RawTerminal;

/// <summary>
/// The signals the single-thread mode reacts to, read from a signalfd in the poll loop instead of a handler:
/// SIGWINCH (resize), SIGTERM/SIGINT/SIGHUP/SIGQUIT (leave, restoring the terminal), SIGCONT (repaint), and
/// SIGTSTP/SIGTTIN/SIGTTOU/SIGPIPE (ignored: stopping would leave the terminal raw; a closed terminal shows as
/// EIO/EPIPE and POLLHUP). They are blocked first, in this thread and — because a process-directed signal goes
/// to any thread that does not block it — in the runtime's finalizer thread too (<see cref="BlockInFinalizerThread"/>).
/// </summary>
internal sealed unsafe class SignalFd : IDisposable
{
    private static readonly int[] Handled =
    [
        Native.SIGWINCH, Native.SIGTERM, Native.SIGINT, Native.SIGHUP, Native.SIGQUIT, Native.SIGCONT,
        Native.SIGTSTP, Native.SIGTTIN, Native.SIGTTOU, Native.SIGPIPE,
    ];

    private SignalFd(int fd) => Handle = fd;

    public int Handle { get; private set; }

    /// <summary>Blocks the signals and opens the signalfd; throws IOException with errno when it cannot.</summary>
    public static SignalFd Open()
    {
        byte* set = stackalloc byte[Native.SigsetBytes];
        Fill(set);
        int rc = Native.PthreadSigmask(Native.SIG_BLOCK, set, null);
        if (rc != 0)
        {
            throw new IOException("pthread_sigmask failed, errno " + rc);
        }

        BlockInFinalizerThread();
        int fd = Native.SignalFd(-1, set, Native.SFD_NONBLOCK | Native.SFD_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException("signalfd failed, errno " + Native.Errno);
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

    public void Dispose()
    {
        if (Handle >= 0)
        {
            _ = Native.Close(Handle);
            Handle = -1;
        }
    }

    private static void Fill(byte* set)
    {
        _ = Native.SigEmptySet(set);
        foreach (int s in Handled)
        {
            _ = Native.SigAddSet(set, s);
        }
    }

    /// <summary>
    /// The finalizer thread exists before Main and does not block these signals, so the kernel would hand it a
    /// SIGTERM (default action: die, terminal left raw). A finalizer runs on that thread: one that blocks them there.
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
