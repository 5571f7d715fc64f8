using System.Buffers.Text;
using System.Text;
using LimitTop.Core.Procfs;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Sockets;

/// <summary>
/// Counts, per process, the fds whose link is <c>socket:[INODE]</c> with INODE in a given set (the TCP/UDP sockets
/// of the dump). One readlink per fd: costly at scale, hence the slow cadence. Root is needed for other users' fds.
/// </summary>
public sealed unsafe class FdSocketScanner : IDisposable
{
    private const int SysGetdents64 = 217;
    private readonly int _procFd;
    private readonly byte[] _dents = new byte[32 * 1024];
    private readonly byte[] _path = new byte[64];

    public FdSocketScanner(string procRoot)
    {
        byte[] p = Encoding.UTF8.GetBytes(procRoot + "\0");
        fixed (byte* pp = p)
        {
            _procFd = open(pp, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        }

        if (_procFd < 0)
        {
            throw new IOException($"cannot open {procRoot}: {Errno.Describe(errno)}");
        }
    }

    /// <summary>Sockets of <paramref name="pid"/> found in <paramref name="inodes"/>; false when the fd directory is unreadable.</summary>
    public bool TryCount(int pid, IReadOnlySet<ulong> inodes, HashSet<ulong>? found, out int count, out int error)
    {
        count = 0;
        Utf8Formatter.TryFormat(pid, _path, out int n);
        "/fd\0"u8.CopyTo(_path.AsSpan(n));
        int dirFd;
        fixed (byte* p = _path)
        {
            dirFd = openat(_procFd, p, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        }

        if (dirFd < 0)
        {
            error = errno;
            return false;
        }

        try
        {
            byte* link = stackalloc byte[64];
            fixed (byte* d = _dents)
            {
                while (true)
                {
                    long got = (long)syscall(SysGetdents64, dirFd, d, _dents.Length);
                    if (got < 0)
                    {
                        error = errno;
                        return false;
                    }

                    if (got == 0)
                    {
                        error = 0;
                        return true;
                    }

                    for (int pos = 0; pos < got;)
                    {
                        // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                        ushort reclen = *(ushort*)(d + pos + 16);
                        byte* name = d + pos + 19;
                        pos += reclen;
                        if (name[0] == (byte)'.')
                        {
                            continue;
                        }

                        long len = readlinkat(dirFd, name, link, 64);
                        if (len > 0 && TryParseSocketLink(new ReadOnlySpan<byte>(link, (int)len), out ulong inode) && inodes.Contains(inode))
                        {
                            count++;
                            found?.Add(inode);
                        }
                    }
                }
            }
        }
        finally
        {
            close(dirFd);
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

    public void Dispose()
    {
        close(_procFd);
        GC.SuppressFinalize(this);
    }
}
