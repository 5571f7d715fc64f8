using System.Text;

namespace LimitTop.RawTerminal;

/// <summary>
/// Writes to a file descriptor with write(2): the whole buffer, across partial writes, EINTR and EAGAIN (a
/// non-blocking terminal that is full is waited for with poll). Used instead of System.Console, whose first use
/// starts a thread (see docs of the single-thread mode in README.md, "The last shell").
/// </summary>
internal static unsafe class Fd
{
    public const int Stdin = 0;
    public const int Stdout = 1;
    public const int Stderr = 2;

    /// <summary>Writes all of <paramref name="data"/>; false when the descriptor is gone (EIO, EPIPE, EBADF …).</summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = Native.Write(fd, p + done, data.Length - done);
                if (n > 0)
                {
                    done += (int)n;
                    continue;
                }

                int e = n < 0 ? Native.Errno : 0;
                if (e == Native.EINTR)
                {
                    continue;
                }

                if (e == Native.EAGAIN)
                {
                    var pfd = new PollFd { Fd = fd, Events = 0x4 /* POLLOUT */ };
                    _ = Native.Poll(&pfd, 1, 1000);
                    continue;
                }

                return false;
            }
        }

        return true;
    }

    public static bool Write(int fd, string text) => WriteAll(fd, Encoding.UTF8.GetBytes(text));

    /// <summary>One line to stderr (start-up errors, the last-resort handler).</summary>
    public static void ErrorLine(string line) => Write(Stderr, line + "\n");

    public static bool IsTerminal(int fd) => Native.IsATty(fd) == 1;
}
