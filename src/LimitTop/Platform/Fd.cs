using System.Text;

namespace LimitTop.Platform;

/// <summary>
/// Writes to a file descriptor with write(2): the whole buffer, across partial writes, EINTR and EAGAIN (a
/// non-blocking terminal that is full is waited for with poll). Used instead of System.Console, whose first use
/// starts a thread (see docs of the single-thread mode in README.md, "The last shell").
/// </summary>
internal static class Fd
{
    public const int Stdin = 0;
    public const int Stdout = 1;
    public const int Stderr = 2;

    /// <summary>Writes all of <paramref name="data"/> (Platform.FdWrite, the one write-all loop); false when the descriptor is gone (EIO, EPIPE, EBADF …).</summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> data) => Core.Platform.FdWrite.WriteAll(fd, data, out _);

    public static bool Write(int fd, string text) => WriteAll(fd, Encoding.UTF8.GetBytes(text));

    /// <summary>One line to stderr (start-up errors, the last-resort handler).</summary>
    public static void ErrorLine(string line) => Write(Stderr, line + "\n");

    public static bool IsTerminal(int fd) => Native.IsATty(fd) == 1;
}
