using System.Runtime.InteropServices;
using System.Text;
using LimitTop.Core.Native;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Witness;

/// <summary>
/// The few syscalls the witness needs on tracefs and /dev/kmsg, each returning 0 or the errno, never throwing:
/// write a control file, make and remove a directory, mount tracefs, read without blocking.
/// </summary>
internal static unsafe partial class TraceFiles
{
    /// <summary>Writes <paramref name="text"/> to a tracefs control file in one write(2) (the platform's kernel control-file writer); 0 or the errno.</summary>
    public static int Write(string path, string text) => Platform.ControlFile.Write(path, text);

    /// <summary>A small control file (stats, comm, filesystems) is far below this; a larger one is not read.</summary>
    private const int SmallFileCap = 64 * 1024;

    /// <summary>Reads a small control file (stats, comm, options) whole through the platform's one bounded read loop; null when it cannot be read.</summary>
    public static string? ReadText(string path)
    {
        int fd = Posix.Open(path, Posix.ReadFlags, out _);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            return Platform.BoundedFile.ReadAtMost(fd, SmallFileCap, out byte[] bytes, out _) == Platform.BoundedRead.Ok
                ? Encoding.UTF8.GetString(bytes)
                : null;
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    /// <summary>read(2) into <paramref name="buffer"/>: bytes read, or −errno (−EAGAIN when nothing is pending).</summary>
    public static long Read(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                long n = read(fd, p, buffer.Length);
                if (n >= 0)
                {
                    return n;
                }

                int e = errno;
                if (e != EINTR)
                {
                    return -e;
                }
            }
        }
    }

    public static int MakeDirectory(string path)
    {
        Span<byte> c = stackalloc byte[Posix.PathMax + 1];
        if (!Posix.TryEncode(path, c, out _))
        {
            return ENAMETOOLONG;
        }

        fixed (byte* p = c)
        {
            return mkdir(p, 448 /* 0700 */) == 0 ? 0 : errno;
        }
    }

    public static int RemoveDirectory(string path)
    {
        Span<byte> c = stackalloc byte[Posix.PathMax + 1];
        if (!Posix.TryEncode(path, c, out _))
        {
            return ENAMETOOLONG;
        }

        fixed (byte* p = c)
        {
            return rmdir(p) == 0 ? 0 : errno;
        }
    }

    /// <summary>lseek(fd, 0, SEEK_END): /dev/kmsg then returns only records logged from now on.</summary>
    public static int SeekToEnd(int fd) => lseek(fd, 0, SEEK_END) < 0 ? errno : 0;

    public static bool IsRoot => geteuid() == 0;

    /// <summary>mount -t tracefs -o nosuid,nodev,noexec nodev TARGET (as systemd's sys-kernel-tracing.mount does).</summary>
    public static int MountTracefs(string target)
    {
        const ulong MsNosuid = 2, MsNodev = 4, MsNoexec = 8;
        return Mount("nodev", target, "tracefs", MsNosuid | MsNodev | MsNoexec, IntPtr.Zero) == 0
            ? 0
            : Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Mount(string source, string target, string fstype, ulong flags, IntPtr data);
}
