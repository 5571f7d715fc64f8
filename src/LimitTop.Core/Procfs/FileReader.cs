using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Procfs;

/// <summary>
/// Reads small pseudo-files relative to a directory held open for the life of the reader (so the
/// dashboard can still read /proc when the system is out of file descriptors), into one reused buffer.
/// Not thread-safe: one reader per sampling thread.
/// </summary>
public sealed unsafe class FileReader : IDisposable
{
    private const int SysGetdents64 = 217;
    private readonly int _dirFd;
    private byte[] _buffer = new byte[16 * 1024];
    private readonly byte[] _path = new byte[4096];
    private readonly byte[] _dents = new byte[32 * 1024];

    public FileReader(string directory)
    {
        Directory = directory;
        _dirFd = OpenPath(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (_dirFd < 0)
        {
            throw new IOException($"cannot open {directory}: {Errno.Describe(errno)}");
        }
    }

    public string Directory { get; }

    /// <summary>Reads the whole file at <paramref name="relativePath"/>. The span is valid until the next call.</summary>
    public bool TryRead(ReadOnlySpan<char> relativePath, out ReadOnlySpan<byte> content, out int error)
    {
        content = default;
        int fd = OpenRelative(relativePath, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
        {
            error = errno;
            return false;
        }

        try
        {
            int total = 0;
            while (true)
            {
                if (total == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                long n;
                fixed (byte* p = &_buffer[total])
                {
                    n = read(fd, p, _buffer.Length - total);
                }

                if (n < 0)
                {
                    int e = errno;
                    if (e == EINTR)
                    {
                        continue;
                    }

                    error = e;
                    return false;
                }

                if (n == 0)
                {
                    break;
                }

                total += (int)n;
            }

            content = new ReadOnlySpan<byte>(_buffer, 0, total);
            error = 0;
            return true;
        }
        finally
        {
            close(fd);
        }
    }

    /// <summary>Reads a file as text (UTF-8); null when it cannot be read.</summary>
    public string? ReadText(ReadOnlySpan<char> relativePath)
        => TryRead(relativePath, out var c, out _) ? Encoding.UTF8.GetString(c) : null;

    /// <summary>Reads a file that holds one integer (or "max"); null when missing, unparsable or "max".</summary>
    public bool TryReadLong(ReadOnlySpan<char> relativePath, out long? value)
    {
        value = null;
        if (!TryRead(relativePath, out var c, out _))
        {
            return false;
        }

        c = c.Trim(" \t\n"u8);
        if (c.SequenceEqual("max"u8))
        {
            return true;
        }

        if (Parse.TryLong(c, out long v))
        {
            value = v;
            return true;
        }

        return false;
    }

    /// <summary><c>fstatat</c>: st_size of a path (for /proc/PID/fd it is the number of open fds on 6.2+).</summary>
    public bool TryStatSize(ReadOnlySpan<char> relativePath, out long size, out int error)
    {
        bool ok = TryStat(relativePath, out stat st, out error);
        size = ok ? st.st_size : 0;
        return ok;
    }

    /// <summary><c>fstatat</c> following links: the inode number (for /proc/PID/ns/* the namespace's identity).</summary>
    public bool TryStatInode(ReadOnlySpan<char> relativePath, out ulong inode, out int error)
    {
        bool ok = TryStat(relativePath, out stat st, out error);
        inode = ok ? (ulong)st.st_ino : 0;
        return ok;
    }

    private bool TryStat(ReadOnlySpan<char> relativePath, out stat st, out int error)
    {
        int rc;
        fixed (byte* p = FillPath(relativePath))
        fixed (stat* sp = &st)
        {
            rc = fstatat(_dirFd, p, sp, 0);
        }

        error = rc < 0 ? errno : 0;
        return rc == 0;
    }

    /// <summary>Opens a file read-only relative to the root; the caller closes the returned fd (−1 on error).</summary>
    public int OpenFile(ReadOnlySpan<char> relativePath) => OpenRelative(relativePath, O_RDONLY | O_CLOEXEC);

    /// <summary>True when the path exists (any type).</summary>
    public bool Exists(ReadOnlySpan<char> relativePath) => TryStatSize(relativePath, out _, out _);

    /// <summary>Counts entries of a directory except "." and "..".</summary>
    public bool TryCountEntries(ReadOnlySpan<char> relativePath, out int count, out int error)
    {
        int c = 0;
        bool ok = ForEachEntry(relativePath, (ReadOnlySpan<byte> name, byte _) => { c++; }, out error);
        count = c;
        return ok;
    }

    /// <summary>Lists a directory below the root (e.g. PID/task) without allocating per entry.</summary>
    public bool ForEachEntry(ReadOnlySpan<char> relativePath, EntryAction action, out int error)
    {
        int fd = OpenRelative(relativePath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
        {
            error = errno;
            return false;
        }

        try
        {
            return ForEachEntry(fd, action, out error);
        }
        finally
        {
            close(fd);
        }
    }

    /// <summary>Reads a symbolic link relative to the root directory; null on error.</summary>
    public string? ReadLink(ReadOnlySpan<char> relativePath)
    {
        Span<byte> target = stackalloc byte[512];
        long n;
        fixed (byte* p = FillPath(relativePath))
        fixed (byte* t = target)
        {
            n = readlinkat(_dirFd, p, t, target.Length);
        }

        return n < 0 ? null : Encoding.UTF8.GetString(target[..(int)n]);
    }

    public delegate void EntryAction(ReadOnlySpan<byte> name, byte type);

    /// <summary>Lists the root directory itself (e.g. /proc) without allocating per entry.</summary>
    public bool ForEachRootEntry(EntryAction action, out int error)
    {
        if (lseek(_dirFd, 0, SEEK_SET) < 0)
        {
            error = errno;
            return false;
        }

        return ForEachEntry(_dirFd, action, out error);
    }

    private bool ForEachEntry(int fd, EntryAction action, out int error)
    {
        fixed (byte* d = _dents)
        {
            while (true)
            {
                long n = (long)syscall(SysGetdents64, fd, d, _dents.Length);
                if (n < 0)
                {
                    error = errno;
                    return false;
                }

                if (n == 0)
                {
                    error = 0;
                    return true;
                }

                int pos = 0;
                while (pos < n)
                {
                    // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                    ushort reclen = *(ushort*)(d + pos + 16);
                    byte type = d[pos + 18];
                    var nameSpan = new ReadOnlySpan<byte>(d + pos + 19, reclen - 19);
                    int nul = nameSpan.IndexOf((byte)0);
                    if (nul >= 0)
                    {
                        nameSpan = nameSpan[..nul];
                    }

                    if (!(nameSpan.SequenceEqual("."u8) || nameSpan.SequenceEqual(".."u8)))
                    {
                        action(nameSpan, type);
                    }

                    pos += reclen;
                }
            }
        }
    }

    private int OpenRelative(ReadOnlySpan<char> relativePath, int flags)
    {
        fixed (byte* p = FillPath(relativePath))
        {
            return openat(_dirFd, p, flags, 0);
        }
    }

    private byte[] FillPath(ReadOnlySpan<char> relativePath)
    {
        int n = Encoding.UTF8.GetBytes(relativePath, _path.AsSpan(0, _path.Length - 1));
        _path[n] = 0;
        return _path;
    }

    private static int OpenPath(string path, int flags)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            return open(p, flags, 0);
        }
    }

    public void Dispose()
    {
        close(_dirFd);
        GC.SuppressFinalize(this);
    }
}

/// <summary>errno values and their words.</summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int ENOSPC = 28;
    public const int EMFILE = 24;
    public const int ENFILE = 23;
    public const int EROFS = 30;
    public const int EINVAL = 22;

    public static string Describe(int errno) => errno switch
    {
        EPERM => "operation not permitted (EPERM)",
        ENOENT => "no such file (ENOENT)",
        ESRCH => "no such process (ESRCH)",
        EAGAIN => "resource temporarily unavailable (EAGAIN)",
        EACCES => "permission denied (EACCES)",
        ENOSPC => "no space left on device (ENOSPC)",
        EMFILE => "too many open files in this process (EMFILE)",
        ENFILE => "too many open files in the system (ENFILE)",
        EROFS => "read-only file system (EROFS)",
        EINVAL => "invalid argument (EINVAL)",
        _ => $"errno {errno}",
    };
}
