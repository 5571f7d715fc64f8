using System.Text;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Platform;

/// <summary>What <see cref="BoundedFile.Read"/> found.</summary>
public enum BoundedRead
{
    /// <summary>The whole file was read.</summary>
    Ok,

    /// <summary>No such file (or directory on the way): nothing to say.</summary>
    Missing,

    /// <summary>Not read: a FIFO, device, directory, a link not followed, larger than the cap, or an errno; the problem says which.</summary>
    Refused,
}

/// <summary>
/// The one reader of configuration files a user could plant (limittop.conf, limits.conf and limits.d, /etc/passwd
/// and /etc/group, systemd unit files): the directory is reached with <see cref="SafeDirectory"/> (no link another
/// user made), the file is opened with O_RDONLY|O_NONBLOCK|O_NOCTTY|O_CLOEXEC (plus O_NOFOLLOW unless only root or
/// we can write the directory), checked with fstat to be a regular file (a FIFO would block the read forever, a
/// link to /dev/zero would never end) and read only up to a cap (a larger file is refused with a clear problem,
/// never read into memory). Nothing throws.
/// </summary>
public static unsafe class BoundedFile
{
    /// <summary>limittop.conf: far larger than any settings file.</summary>
    public const int SettingsCap = 64 * 1024;

    /// <summary>limits.conf, limits.d entries, systemd unit files and drop-ins.</summary>
    public const int ConfigCap = 1024 * 1024;

    /// <summary>/etc/passwd and /etc/group: a site with tens of thousands of local accounts stays below it.</summary>
    public const int AccountsCap = 4 * 1024 * 1024;

    /// <summary>Reads <paramref name="path"/> whole when it is a regular file of at most <paramref name="cap"/> bytes.</summary>
    public static BoundedRead Read(string path, int cap, out byte[] content, out string? problem)
    {
        content = [];
        string full = Path.GetFullPath(path);
        string name = Path.GetFileName(full);
        using var dir = SafeDirectory.Open(Path.GetDirectoryName(full) ?? "/", out problem, out int err);
        if (dir is null)
        {
            return err == ENOENT ? Missing(out problem) : BoundedRead.Refused;
        }

        bool trusted = SafeDirectory.OnlyRootOrUsCanWrite(dir.Fd, out string whoElse);
        int flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (trusted ? 0 : O_NOFOLLOW);
        int fd = Posix.OpenAt(dir.Fd, name, flags, out err);
        if (fd < 0)
        {
            if (err == ENOENT)
            {
                return Missing(out problem);
            }

            problem = err == ELOOP && !trusted
                ? $"a symbolic link in {dir.Path} ({whoElse}): not followed"
                : Errno.Describe(err);
            return BoundedRead.Refused;
        }

        try
        {
            stat st;
            if (fstat(fd, &st) != 0)
            {
                problem = Errno.Describe(errno);
                return BoundedRead.Refused;
            }

            if ((st.st_mode & S_IFMT) != S_IFREG)
            {
                problem = (st.st_mode & S_IFMT) == S_IFDIR ? "is a directory" : "not a regular file (" + Kind(st.st_mode) + ")";
                return BoundedRead.Refused;
            }

            if (st.st_size > cap)
            {
                problem = $"larger than {Size(cap)}; not read";
                return BoundedRead.Refused;
            }

            return ReadAtMost(fd, cap, out content, out problem);
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    /// <summary>The file as UTF-8 text, or null when it is missing or refused (the problem says why, null when missing).</summary>
    public static string? ReadText(string path, int cap, out string? problem)
        => Read(path, cap, out byte[] bytes, out problem) == BoundedRead.Ok ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>
    /// The one bounded read loop: all of <paramref name="fd"/> up to <paramref name="cap"/> bytes (a file that grows past
    /// it while read is refused), across EINTR. For callers that opened and checked the descriptor themselves.
    /// </summary>
    public static BoundedRead ReadAtMost(int fd, int cap, out byte[] content, out string? problem)
    {
        // The size may change under us (a file being written): read at most cap + 1 bytes and refuse if it got bigger.
        var buffer = new byte[Math.Min(cap + 1, 64 * 1024)];
        int total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > cap)
                {
                    content = [];
                    problem = $"larger than {Size(cap)}; not read";
                    return BoundedRead.Refused;
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, cap + 1));
            }

            long n;
            fixed (byte* p = &buffer[total])
            {
                n = read(fd, p, buffer.Length - total);
            }

            if (n < 0)
            {
                int e = errno;
                if (e == EINTR)
                {
                    continue;
                }

                content = [];
                problem = Errno.Describe(e);
                return BoundedRead.Refused;
            }

            if (n == 0)
            {
                break;
            }

            total += (int)n;
        }

        content = buffer.AsSpan(0, total).ToArray();
        problem = null;
        return BoundedRead.Ok;
    }

    private static BoundedRead Missing(out string? problem)
    {
        problem = null;
        return BoundedRead.Missing;
    }

    private static string Kind(mode_t mode) => (int)(mode & S_IFMT) switch
    {
        var m when m == (int)S_IFIFO => "a FIFO",
        var m when m == (int)S_IFCHR => "a character device",
        var m when m == (int)S_IFBLK => "a block device",
        var m when m == (int)S_IFSOCK => "a socket",
        _ => "not a file",
    };

    private static string Size(int bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";
}
