using static Tmds.Linux.LibC;

namespace LimitTop.Core.Native;

/// <summary>
/// Lists a directory with getdents64 into one reused buffer, calling back per entry without allocating.
/// "." and ".." are left out. Not thread-safe: one per reader.
/// </summary>
public sealed unsafe class DirectoryEntries
{
    private const int SysGetdents64 = 217; // x86-64

    private readonly byte[] _buffer;

    /// <summary>
    /// One entry: its name (the bytes of d_name, without the NUL; the byte after the span is that NUL, so
    /// <c>fixed</c> on the span yields a C string for *at syscalls) and its d_type (DT_DIR = 4, DT_REG = 8,
    /// DT_LNK = 10, DT_UNKNOWN = 0). The span is valid only during the call.
    /// </summary>
    public delegate void EntryAction(ReadOnlySpan<byte> name, byte type);

    public DirectoryEntries(int bufferSize = 32 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1024);
        _buffer = new byte[bufferSize];
    }

    /// <summary>d_type of a directory.</summary>
    public const byte TypeDirectory = 4;

    /// <summary>d_type when the filesystem does not say (stat the entry to know).</summary>
    public const byte TypeUnknown = 0;

    /// <summary>
    /// Lists the open directory <paramref name="dirFd"/> from its current offset; <paramref name="rewind"/> first
    /// seeks it back to the start (for a directory fd held open and listed again). False with the errno on error.
    /// </summary>
    public bool ForEach(int dirFd, EntryAction action, out int error, bool rewind = false)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (rewind && lseek(dirFd, 0, SEEK_SET) < 0)
        {
            error = errno;
            return false;
        }

        fixed (byte* d = _buffer)
        {
            while (true)
            {
                long n = (long)syscall(SysGetdents64, dirFd, d, _buffer.Length);
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

                for (int pos = 0; pos < n;)
                {
                    // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                    ushort reclen = *(ushort*)(d + pos + 16);
                    byte type = d[pos + 18];
                    var name = new ReadOnlySpan<byte>(d + pos + 19, reclen - 19);
                    int nul = name.IndexOf((byte)0);
                    name = nul >= 0 ? name[..nul] : name;
                    pos += reclen;
                    if (!(name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)))
                    {
                        action(name, type);
                    }
                }
            }
        }
    }

    /// <summary>Opens <paramref name="path"/> below <paramref name="dirFd"/> and lists it.</summary>
    public bool ForEachAt(int dirFd, ReadOnlySpan<char> path, EntryAction action, out int error)
    {
        int fd = Posix.OpenAt(dirFd, path, Posix.DirectoryFlags, out error);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return ForEach(fd, action, out error);
        }
        finally
        {
            Posix.Close(fd);
        }
    }
}
