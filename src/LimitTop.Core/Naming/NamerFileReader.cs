using LimitTop.Core.Native;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Naming;

/// <summary>What identifies one version of a file: device, inode, size and change time (all zero: absent).</summary>
public readonly record struct FileStamp(ulong Device, ulong Inode, long Size, long MtimeSeconds, long MtimeNanoseconds)
{
    public bool Exists => Inode != 0;
}

/// <summary>
/// The namer's reads of files another user may write (a container runtime's state under /var/lib and /run; a
/// rootless store in a user's home): regular files only, opened O_NONBLOCK|O_NOFOLLOW so neither a FIFO nor a
/// planted link can stall or redirect it, refused when larger than a cap before a byte is read, and stamped (inode,
/// size, mtime) so a name is re-read only when its file changed. The read itself is the platform's one bounded loop
/// (<see cref="Platform.BoundedFile.ReadAtMost"/>); unlike <see cref="Platform.BoundedFile.Read"/> it opens the path
/// directly, as it runs for hundreds of containers a tick. Never throws.
/// </summary>
public static unsafe class NamerFileReader
{
    /// <summary>A runtime's per-container config (config.v2.json, an OCI config.json): far below this in practice.</summary>
    public const int ConfigCap = 1 << 20;

    /// <summary>containers.json of a large Podman store (about 600 bytes per container).</summary>
    public const int StoreCap = 8 << 20;

    /// <summary>fstatat without following a final link; default when absent or not a regular file.</summary>
    public static FileStamp Stamp(string path)
    {
        Span<byte> c = stackalloc byte[Posix.StackPath];
        byte[]? big = null;
        if (!Posix.TryEncode(path, c, out _))
        {
            big = new byte[Posix.PathMax + 1];
            if (!Posix.TryEncode(path, big, out _))
            {
                return default;
            }
        }

        stat st;
        int rc;
        fixed (byte* p = big ?? c)
        {
            rc = fstatat(AT_FDCWD, p, &st, AT_SYMLINK_NOFOLLOW);
        }

        return rc == 0 && (st.st_mode & S_IFMT) == S_IFREG ? StampOf(st) : default;
    }

    /// <summary>
    /// The whole file, or null with <paramref name="failure"/> saying why (absent, not a regular file, a link,
    /// larger than <paramref name="cap"/>, unreadable). <paramref name="stamp"/> is that of the file read.
    /// </summary>
    public static byte[]? Read(string path, int cap, out FileStamp stamp, out string? failure)
    {
        stamp = default;
        int fd = Posix.Open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY, out int error);
        if (fd < 0)
        {
            failure = error == ELOOP ? "a symbolic link (not followed)" : Native.Errno.Describe(error);
            return null;
        }

        try
        {
            stat st;
            if (fstat(fd, &st) != 0 || (st.st_mode & S_IFMT) != S_IFREG)
            {
                failure = "not a regular file";
                return null;
            }

            if (st.st_size > cap)
            {
                failure = $"{st.st_size:N0} bytes, over the cap of {cap:N0}";
                return null;
            }

            stamp = StampOf(st);
            return Platform.BoundedFile.ReadAtMost(fd, cap, out byte[] content, out failure) == Platform.BoundedRead.Ok ? content : null;
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    private static FileStamp StampOf(in stat st)
        => new((ulong)st.st_dev, (ulong)st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}
