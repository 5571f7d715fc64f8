using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Native;

/// <summary>
/// The one place that turns a .NET path into the NUL-terminated UTF-8 the kernel takes, and opens it: open(2)
/// for a whole path, openat(2) relative to a held-open directory. Every call returns the fd or −1 with the errno,
/// never throws, allocates nothing for paths up to <see cref="StackPath"/> bytes.
/// </summary>
public static unsafe class Posix
{
    /// <summary>Read-only, closed on exec.</summary>
    public static readonly int ReadFlags = O_RDONLY | O_CLOEXEC;

    /// <summary>A directory, read-only, closed on exec.</summary>
    public static readonly int DirectoryFlags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;

    /// <summary>Write-only, closed on exec (kernel control files).</summary>
    public static readonly int WriteFlags = O_WRONLY | O_CLOEXEC;

    /// <summary>Paths up to this many UTF-8 bytes are encoded on the stack; longer ones in a temporary array.</summary>
    public const int StackPath = 512;

    /// <summary>PATH_MAX including the NUL: a longer path is refused with ENAMETOOLONG, as the kernel would.</summary>
    public const int PathMax = 4096;

    private const int ENAMETOOLONG = 36;

    /// <summary>open(2).</summary>
    public static int Open(ReadOnlySpan<char> path, int flags, out int error) => OpenAt(AT_FDCWD, path, flags, out error);

    /// <summary>openat(2): <paramref name="path"/> relative to <paramref name="dirFd"/> (or absolute).</summary>
    public static int OpenAt(int dirFd, ReadOnlySpan<char> path, int flags, out int error) => OpenAt(dirFd, path, flags, 0, out error);

    /// <summary>openat(2) with the mode for O_CREAT (Platform.SafeFileWriter is the only caller that creates).</summary>
    public static int OpenAt(int dirFd, ReadOnlySpan<char> path, int flags, uint mode, out int error)
    {
        int max = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        Span<byte> c = max <= StackPath ? stackalloc byte[StackPath] : new byte[Math.Min(max, PathMax + 1)];
        if (!TryEncode(path, c, out _))
        {
            error = ENAMETOOLONG;
            return -1;
        }

        int fd;
        fixed (byte* p = c)
        {
            fd = openat(dirFd, p, flags, (mode_t)mode);
        }

        error = fd < 0 ? errno : 0;
        return fd;
    }

    /// <summary>
    /// Writes <paramref name="path"/> as UTF-8 (raw bytes as <see cref="PathBytes"/> maps them) followed by a NUL into <paramref name="buffer"/>; false (nothing
    /// usable written) when it does not fit or is longer than PATH_MAX. <paramref name="length"/> excludes the NUL.
    /// </summary>
    public static bool TryEncode(ReadOnlySpan<char> path, Span<byte> buffer, out int length)
    {
        length = 0;
        // PathBytes, not plain UTF-8: a name read from the kernel with invalid UTF-8 in it addresses the same file.
        if (buffer.IsEmpty || !PathBytes.TryEncode(path, buffer[..^1], out length) || length >= PathMax)
        {
            return false;
        }

        buffer[length] = 0;
        return true;
    }

    /// <summary>close(2), ignoring the result (Linux frees the fd even when close reports an error).</summary>
    public static void Close(int fd)
    {
        if (fd >= 0)
        {
            _ = close(fd);
        }
    }

    /// <summary>Opens a directory to hold for the life of a reader; an IOException whose HResult is the errno when it cannot.</summary>
    public static int OpenDirectoryOrThrow(string path)
    {
        int fd = Open(path, DirectoryFlags, out int error);
        if (fd < 0)
        {
            // HResult = errno, as .NET's own IOExceptions carry it on Unix (see Errno.IsRefusal).
            throw new IOException($"cannot open {path}: {Errno.Describe(error)}", error);
        }

        return fd;
    }
}
