using LimitTop.Core.Native;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Cgroups;

/// <summary>
/// Tells a cgroup made after limittop started from one that was there before, by its kernfs node id — the inode
/// number of its directory. kernfs hands out ids in increasing order within a hierarchy (cyclically, with a
/// generation in the upper 32 bits on 64-bit, so they never repeat: docs/kernel-limits.md §14), so a directory
/// whose id is above the highest id present at the first sample was created after it. Only on a real cgroup
/// filesystem (statfs magic): on a fixture tree inode numbers mean nothing and every cgroup counts as old.
/// </summary>
public static unsafe class CgroupIds
{
    private const long CgroupMagic = 0x27e0eb;
    private const long Cgroup2Magic = 0x63677270;
    private const int SysGetdents64 = 217; // x86-64

    /// <summary>Directories looked at, at most, by <see cref="Highest"/> (a one-off walk at the first sample).</summary>
    public const int MaxDirectories = 100_000;

    /// <summary>True when <paramref name="dirFd"/> is on cgroupfs (v1) or cgroup2.</summary>
    public static bool IsCgroupFs(int dirFd)
    {
        // struct statfs (x86-64): f_type is the first 8 bytes; 120 bytes in all.
        long* buf = stackalloc long[16];
        return (long)syscall(138 /* fstatfs */, dirFd, buf) == 0 && buf[0] is CgroupMagic or Cgroup2Magic;
    }

    /// <summary>The id (inode number) of the directory <paramref name="dirFd"/>; 0 when fstat fails.</summary>
    public static ulong Of(int dirFd)
    {
        stat st;
        return fstat(dirFd, &st) == 0 ? (ulong)st.st_ino : 0;
    }

    /// <summary>
    /// The highest node id (directory or file) in the tree below <paramref name="rootFd"/>, from getdents64's d_ino;
    /// a directory that vanishes during the walk is skipped. One directory is open at a time (paths are kept as
    /// bytes, never decoded), so a hierarchy of 10,000 cgroups costs no more than one fd.
    /// </summary>
    public static ulong Highest(int rootFd)
    {
        ulong highest = Of(rootFd);
        var pending = new Stack<byte[]>();
        byte[] buffer = new byte[32 * 1024];
        Walk(rootFd, [], buffer, pending, ref highest);
        for (int visited = 0; visited < MaxDirectories && pending.TryPop(out byte[]? path); visited++)
        {
            int fd;
            fixed (byte* p = path)
            {
                fd = openat(rootFd, p, Posix.DirectoryFlags, 0);
            }

            if (fd >= 0)
            {
                Walk(fd, path.AsSpan(0, path.Length - 1), buffer, pending, ref highest);
                Posix.Close(fd);
            }
        }

        return highest;
    }

    private static void Walk(int dirFd, ReadOnlySpan<byte> parent, byte[] buffer, Stack<byte[]> pending, ref ulong highest)
    {
        fixed (byte* d = buffer)
        {
            while (true)
            {
                long n = (long)syscall(SysGetdents64, dirFd, d, buffer.Length);
                if (n <= 0)
                {
                    return;
                }

                for (int pos = 0; pos < n;)
                {
                    // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                    ulong ino = *(ulong*)(d + pos);
                    ushort reclen = *(ushort*)(d + pos + 16);
                    byte type = d[pos + 18];
                    var name = new ReadOnlySpan<byte>(d + pos + 19, reclen - 19);
                    name = name[..Math.Max(0, name.IndexOf((byte)0))];
                    pos += reclen;
                    if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                    {
                        continue;
                    }

                    highest = Math.Max(highest, ino);
                    if (type == DirectoryEntries.TypeDirectory && parent.Length + 1 + name.Length < Posix.PathMax)
                    {
                        // "parent/name\0" relative to the root (the root's own children have no parent part)
                        var path = new byte[parent.Length + (parent.IsEmpty ? 0 : 1) + name.Length + 1];
                        parent.CopyTo(path);
                        int at = parent.Length;
                        if (!parent.IsEmpty)
                        {
                            path[at++] = (byte)'/';
                        }

                        name.CopyTo(path.AsSpan(at));
                        pending.Push(path);
                    }
                }
            }
        }
    }
}
