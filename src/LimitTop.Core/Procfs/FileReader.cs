using System.Text;
using LimitTop.Core.Native;
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
    private readonly int _dirFd;
    private byte[] _buffer = new byte[16 * 1024];
    private readonly byte[] _path = new byte[Posix.PathMax];
    private readonly DirectoryEntries _entries = new();
    private readonly DirectoryEntries.EntryAction _countEntry;
    private int _counted;

    /// <summary>Opens <paramref name="directory"/>; an <see cref="IOException"/> with the errno as HResult when it cannot.</summary>
    public FileReader(string directory)
    {
        Directory = directory;
        _dirFd = Posix.OpenDirectoryOrThrow(directory);
        _countEntry = (_, _) => _counted++;
    }

    public string Directory { get; }

    /// <summary>Reads the whole file at <paramref name="relativePath"/>. The span is valid until the next call.</summary>
    public bool TryRead(scoped ReadOnlySpan<char> relativePath, out ReadOnlySpan<byte> content, out int error)
    {
        content = default;
        int fd = Posix.OpenAt(_dirFd, relativePath, Posix.ReadFlags, out error);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return TryReadFrom(fd, out content, out error);
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    /// <summary>Opens <paramref name="relativePath"/> for reading; -1 and the errno when it cannot. The caller closes it.</summary>
    public int Open(scoped ReadOnlySpan<char> relativePath, out int error)
        => Posix.OpenAt(_dirFd, relativePath, Posix.ReadFlags, out error);

    /// <summary>
    /// Reads the whole of an open file from offset 0 with pread(2), into the reader's buffer (valid until the next
    /// call). A /proc seq_file is generated afresh by a read at offset 0, so a descriptor can be read again each tick.
    /// </summary>
    public bool TryReadFrom(int fd, out ReadOnlySpan<byte> content, out int error)
    {
        content = default;
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
                n = pread(fd, p, _buffer.Length - total, total);
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

    /// <summary><c>fstatat</c> following links: device and inode (for /proc/PID/ns/*: the namespace's identity, as nsfs gives it).</summary>
    public bool TryStatId(ReadOnlySpan<char> relativePath, out ulong device, out ulong inode, out int error)
    {
        bool ok = TryStat(relativePath, out stat st, out error);
        device = ok ? (ulong)st.st_dev : 0;
        inode = ok ? (ulong)st.st_ino : 0;
        return ok;
    }

    /// <summary><c>fstatat</c>: owner uid and gid (for /proc/PID: the process's effective ids, or root when undumpable).</summary>
    public bool TryStatOwner(ReadOnlySpan<char> relativePath, out uint uid, out uint gid, out int error)
    {
        bool ok = TryStat(relativePath, out stat st, out error);
        uid = ok ? st.st_uid : 0;
        gid = ok ? st.st_gid : 0;
        return ok;
    }

    /// <summary><c>fstatat</c>: inode number and st_size together (for /proc/PID/fd: the fd table's identity and, on 6.2+, its fd count).</summary>
    public bool TryStatInodeSize(ReadOnlySpan<char> relativePath, out ulong inode, out long size, out int error)
    {
        bool ok = TryStat(relativePath, out stat st, out error);
        inode = ok ? (ulong)st.st_ino : 0;
        size = ok ? st.st_size : 0;
        return ok;
    }

    /// <summary>True when the path is a directory (following links).</summary>
    public bool IsDirectory(ReadOnlySpan<char> relativePath)
        => TryStat(relativePath, out stat st, out _) && (st.st_mode & S_IFMT) == S_IFDIR;

    private bool TryStat(ReadOnlySpan<char> relativePath, out stat st, out int error)
    {
        st = default;
        if (!Posix.TryEncode(relativePath, _path, out _))
        {
            error = Errno.EINVAL;
            return false;
        }

        int rc;
        fixed (byte* p = _path)
        fixed (stat* sp = &st)
        {
            rc = fstatat(_dirFd, p, sp, 0);
        }

        error = rc < 0 ? errno : 0;
        return rc == 0;
    }

    /// <summary>Opens a file read-only relative to the root; the caller closes the returned fd (−1 on error).</summary>
    public int OpenFile(ReadOnlySpan<char> relativePath) => Posix.OpenAt(_dirFd, relativePath, Posix.ReadFlags, out _);

    /// <summary>Opens a directory below the root for listing; the caller closes the returned fd (−1 with the errno on error).</summary>
    public int OpenDirectory(ReadOnlySpan<char> relativePath, out int error) => Posix.OpenAt(_dirFd, relativePath, Posix.DirectoryFlags, out error);

    /// <summary>True when the path exists (any type).</summary>
    public bool Exists(ReadOnlySpan<char> relativePath) => TryStatSize(relativePath, out _, out _);

    /// <summary>Counts entries of a directory except "." and "..".</summary>
    public bool TryCountEntries(ReadOnlySpan<char> relativePath, out int count, out int error)
    {
        _counted = 0;
        bool ok = _entries.ForEachAt(_dirFd, relativePath, _countEntry, out error);
        count = _counted;
        return ok;
    }

    /// <summary>Lists a directory below the root (e.g. PID/task) without allocating per entry.</summary>
    public bool ForEachEntry(ReadOnlySpan<char> relativePath, DirectoryEntries.EntryAction action, out int error)
        => _entries.ForEachAt(_dirFd, relativePath, action, out error);

    /// <summary>Lists the root directory itself (e.g. /proc) through the held fd, so it works without a free fd.</summary>
    public bool ForEachRootEntry(DirectoryEntries.EntryAction action, out int error)
        => _entries.ForEach(_dirFd, action, out error, rewind: true);

    public void Dispose()
    {
        Posix.Close(_dirFd);
        GC.SuppressFinalize(this);
    }
}
