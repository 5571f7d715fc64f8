using System.Text;
using LimitTop.Core.Procfs;
using static Tmds.Linux.LibC;
using LimitTop.Core.Native;

namespace LimitTop.Core.Recording;

/// <summary>
/// The journal's files, opened relative to the directory held open with O_NOFOLLOW, created with
/// O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC and mode 0640: a symlink planted by another user is never followed, an
/// existing file never appended to. (A minimal safe open kept in this room; the shared safe-file helper of issue 24
/// replaces it when merged.)
/// </summary>
public sealed unsafe class SafeJournalFiles(string directory) : IJournalFiles
{
    private const int FileMode = 0x1A0; // 0640
    private const int DirMode = 0x1E8;  // 0750
    private int _dirFd = -1;

    public string Directory { get; } = directory;

    public int OpenDirectory()
    {
        if (_dirFd >= 0)
        {
            return 0;
        }

        byte[] path = Z(Directory);
        fixed (byte* p = path)
        {
            int fd = open(p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0 && errno == ENOENT)
            {
                if (mkdir(p, DirMode) < 0 && errno != EEXIST)
                {
                    return errno;
                }

                fd = open(p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            }

            if (fd < 0)
            {
                return errno;
            }

            _dirFd = fd;
            return 0;
        }
    }

    public int Create(string name, out int handle)
    {
        handle = -1;
        int e = OpenDirectory();
        if (e != 0)
        {
            return e;
        }

        byte[] n = Z(name);
        fixed (byte* p = n)
        {
            int fd = openat(_dirFd, p, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, FileMode);
            if (fd < 0)
            {
                return errno;
            }

            fchmod(fd, FileMode); // the umask may have taken bits away; never more than 0640
            handle = fd;
            return 0;
        }
    }

    public int Write(int handle, ReadOnlySpan<byte> data)
    {
        fixed (byte* d = data)
        {
            int off = 0;
            while (off < data.Length)
            {
                long n = write(handle, d + off, data.Length - off);
                if (n < 0)
                {
                    if (errno == EINTR)
                    {
                        continue;
                    }

                    return errno;
                }

                if (n == 0)
                {
                    return Errno.ENOSPC;
                }

                off += (int)n;
            }
        }

        return 0;
    }

    public int Sync(int handle) => fsync(handle) < 0 ? errno : 0;

    public int SyncDirectory() => _dirFd < 0 ? 0 : fsync(_dirFd) < 0 ? errno : 0;

    public void Close(int handle)
    {
        if (handle >= 0)
        {
            close(handle);
        }
    }

    public int Delete(string name)
    {
        if (_dirFd < 0)
        {
            return EBADF;
        }

        byte[] n = Z(name);
        fixed (byte* p = n)
        {
            return unlinkat(_dirFd, p, 0) < 0 ? errno : 0;
        }
    }

    public IReadOnlyList<JournalFileEntry> List()
    {
        var list = new List<JournalFileEntry>();
        try
        {
            foreach (var f in new DirectoryInfo(Directory).EnumerateFiles("limittop-*" + JournalLayout.Extension))
            {
                if (f.LinkTarget is null && JournalLayout.TryParseSegmentName(f.Name, out _))
                {
                    list.Add(new JournalFileEntry(f.Name, f.Length));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // an unreadable directory lists nothing: retention waits for the next try
        }

        return list;
    }

    public void Dispose()
    {
        if (_dirFd >= 0)
        {
            close(_dirFd);
            _dirFd = -1;
        }
    }

    private static byte[] Z(string s) => Encoding.UTF8.GetBytes(s + "\0");
}
