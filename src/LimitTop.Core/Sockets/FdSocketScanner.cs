using System.Buffers.Text;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Sockets;

/// <summary>
/// Counts, per process, the fds whose link is <c>socket:[INODE]</c> with INODE in a given set (the TCP/UDP sockets
/// of the dump). One readlink per fd: costly at scale, hence the slow cadence. Root is needed for other users' fds.
/// Works through the /proc directory its <see cref="FileReader"/> holds open; not thread-safe.
/// </summary>
public sealed unsafe class FdSocketScanner
{
    private readonly FileReader _proc;
    private readonly DirectoryEntries _entries = new();
    private readonly DirectoryEntries.EntryAction _onFd;

    // The state of the listing in progress (the callback sees these).
    private int _fdDir = -1;
    private IReadOnlySet<ulong> _inodes = new HashSet<ulong>();
    private ICollection<ulong>? _found;
    private int _count;

    public FdSocketScanner(FileReader proc)
    {
        _proc = proc;
        _onFd = OnFd;
    }

    /// <summary>
    /// <c>stat</c> of /proc/PID/fd: its inode number (a new process behind a reused pid gets a new one) and st_size,
    /// the number of open fds on Linux 6.2+ (0 before). One syscall, no readlink: what tells whether to scan again.
    /// </summary>
    public bool TryStatFds(int pid, out ulong dirInode, out long fdCount, out int error)
    {
        Span<char> path = stackalloc char[ProcPath.MaxLength];
        return _proc.TryStatInodeSize(ProcPath.Of(path, pid, "/fd"), out dirInode, out fdCount, out error);
    }

    /// <summary>Sockets of <paramref name="pid"/> found in <paramref name="inodes"/>; false when the fd directory is unreadable.</summary>
    public bool TryCount(int pid, IReadOnlySet<ulong> inodes, ICollection<ulong>? found, out int count, out int error)
    {
        count = 0;
        Span<char> path = stackalloc char[ProcPath.MaxLength];
        _fdDir = _proc.OpenDirectory(ProcPath.Of(path, pid, "/fd"), out error);
        if (_fdDir < 0)
        {
            return false;
        }

        try
        {
            _inodes = inodes;
            _found = found;
            _count = 0;
            bool ok = _entries.ForEach(_fdDir, _onFd, out error);
            count = _count;
            return ok;
        }
        finally
        {
            Posix.Close(_fdDir);
            _fdDir = -1;
            _found = null;
        }
    }

    private void OnFd(ReadOnlySpan<byte> name, byte type)
    {
        byte* link = stackalloc byte[64];
        long len;
        fixed (byte* n = name) // NUL-terminated in the listing buffer (see DirectoryEntries.EntryAction)
        {
            len = readlinkat(_fdDir, n, link, 64);
        }

        if (len > 0 && TryParseSocketLink(new ReadOnlySpan<byte>(link, (int)len), out ulong inode) && _inodes.Contains(inode))
        {
            _count++;
            _found?.Add(inode);
        }
    }

    /// <summary>"socket:[12345]" → 12345.</summary>
    public static bool TryParseSocketLink(ReadOnlySpan<byte> link, out ulong inode)
    {
        inode = 0;
        if (link.Length > 9 && link.StartsWith("socket:["u8) && link[^1] == (byte)']'
            && Utf8Parser.TryParse(link[8..^1], out ulong v, out int used) && used == link.Length - 9)
        {
            inode = v;
            return true;
        }

        return false;
    }
}
