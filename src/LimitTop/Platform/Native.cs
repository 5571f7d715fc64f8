using System.Runtime.InteropServices;
using LimitTop.Core.Native;

namespace LimitTop.Platform;

/// <summary>
/// The libc calls the single-thread mode talks to the terminal with (x86-64 glibc layouts). Nothing here starts
/// a thread: no System.Console (its first use starts System.Native's signal thread), no PosixSignalRegistration.
/// Every method returns what libc returns; <see cref="Errno"/> reads errno right after a failed call.
/// </summary>
internal static unsafe partial class Native
{
    public const int EINTR = 4;
    public const int EAGAIN = 11;

    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGPIPE = 13;
    public const int SIGTERM = 15;
    public const int SIGCONT = 18;
    public const int SIGTSTP = 20;
    public const int SIGTTIN = 21;
    public const int SIGTTOU = 22;
    public const int SIGWINCH = 28;

    public const int SIG_BLOCK = 0;
    public const int SIG_SETMASK = 2;
    public const int SFD_NONBLOCK = 0x800;
    public const int SFD_CLOEXEC = 0x80000;

    public const short POLLIN = 0x1;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;

    public const int TCSANOW = 0;
    public const int TCSAFLUSH = 2;
    public const ulong TIOCGWINSZ = 0x5413;

    /// <summary>glibc's sigset_t is 1024 bits.</summary>
    public const int SigsetBytes = 128;

    /// <summary>struct signalfd_siginfo is 128 bytes; ssi_signo is its first u32.</summary>
    public const int SiginfoBytes = 128;

    public static int Errno => Marshal.GetLastPInvokeError();

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buf, nint count);

    [LibraryImport("libc", EntryPoint = "isatty")]
    public static partial int IsATty(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int TcGetAttr(int fd, Termios* t);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int TcSetAttr(int fd, int actions, Termios* t);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int IoctlWinsize(int fd, ulong request, WinSize* ws);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    public static partial int SigEmptySet(byte* set);

    [LibraryImport("libc", EntryPoint = "sigaddset")]
    public static partial int SigAddSet(byte* set, int signo);

    [LibraryImport("libc", EntryPoint = "pthread_sigmask")]
    public static partial int PthreadSigmask(int how, byte* set, byte* old);

    [LibraryImport("libc", EntryPoint = "signalfd", SetLastError = true)]
    public static partial int SignalFd(int fd, byte* mask, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, ulong nfds, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "_exit")]
    public static partial void Exit(int status);
}

/// <summary>glibc struct termios (x86-64): four flag words, c_line, c_cc[32], two speeds.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Termios
{
    public uint IFlag;
    public uint OFlag;
    public uint CFlag;
    public uint LFlag;
    public byte Line;
    public fixed byte Cc[32];
    public uint ISpeed;
    public uint OSpeed;
}

/// <summary>struct winsize.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WinSize
{
    public ushort Rows;
    public ushort Cols;
    public ushort XPixel;
    public ushort YPixel;
}

/// <summary>struct pollfd.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short Revents;
}
