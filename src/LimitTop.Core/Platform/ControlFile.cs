using System.Text;
using LimitTop.Core.Native;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Platform;

/// <summary>
/// Writes a kernel control file (cgroup.kill, pids.max) with one open + write, so the errno the kernel gives
/// (EINVAL for a bad value, EACCES/EPERM, ENOENT for a vanished cgroup) reaches the user unchanged.
/// </summary>
public static unsafe class ControlFile
{
    /// <summary>Returns 0 or the errno.</summary>
    public static int Write(string path, string text)
    {
        byte[] data = Encoding.ASCII.GetBytes(text);
        int fd = Posix.Open(path, Posix.WriteFlags, out int error);
        if (fd < 0)
        {
            return error;
        }

        try
        {
            long n;
            fixed (byte* d = data)
            {
                do
                {
                    n = write(fd, d, data.Length);
                }
                while (n < 0 && errno == EINTR);
            }

            if (n < 0)
            {
                return errno;
            }

            return n == data.Length ? 0 : EIO;
        }
        finally
        {
            Posix.Close(fd);
        }
    }
}
