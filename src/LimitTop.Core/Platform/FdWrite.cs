using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Platform;

/// <summary>
/// The one write-all loop of the product: write(2) until every byte is out, across partial writes, EINTR and
/// EAGAIN (a non-blocking terminal or pipe that is full is waited for with poll, one second at a time). Used for
/// files (SafeFileWriter), the terminal and stderr alike, so no other loop can forget a case.
/// </summary>
public static unsafe class FdWrite
{
    /// <summary>Writes all of <paramref name="data"/>; false with the errno when the descriptor refuses (EIO, EPIPE, ENOSPC …).</summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> data, out int error)
    {
        error = 0;
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                long n = write(fd, p + done, data.Length - done);
                if (n > 0)
                {
                    done += (int)n;
                    continue;
                }

                // write(2) returns 0 only for a zero-length request; treat it as the device refusing (no busy loop)
                int e = n < 0 ? errno : EIO;
                if (e == EINTR)
                {
                    continue;
                }

                if (e == EAGAIN)
                {
                    var pfd = new pollfd { fd = fd, events = POLLOUT };
                    _ = poll(&pfd, 1, 1000);
                    continue;
                }

                error = e;
                return false;
            }
        }

        return true;
    }
}
