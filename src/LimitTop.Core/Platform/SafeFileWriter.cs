using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Platform;

/// <summary>
/// The one way limittop writes a file (settings, dumps, --textfile, recordings). In a <see cref="SafeDirectory"/>
/// (no link another user planted is followed to reach it) it creates a temporary file with a random name through
/// openat(O_CREAT|O_EXCL|O_NOFOLLOW|O_WRONLY|O_NONBLOCK|O_CLOEXEC) — a link or FIFO planted at any name makes the
/// create fail (EEXIST) instead of writing through it or blocking, and a fresh name is tried — then fchmod's it to
/// the exact mode (umask-proof: node_exporter must read a 0644 textfile under the unit's UMask=0077), writes with
/// <see cref="FdWrite.WriteAll"/>, optionally fsyncs, and puts it in place with renameat (replace) or linkat (never
/// replace). Any failure unlinks the temporary file. Nothing throws: every failure is a sentence.
/// </summary>
public sealed unsafe partial class SafeFileWriter : IDisposable
{
    private static readonly int CreateFlags = O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_NONBLOCK | O_CLOEXEC;
    private const int Tries = 8;

    private readonly SafeDirectory _dir;
    private readonly bool _ownsDir;
    private readonly string _temp;
    private int _fd;
    private bool _tempGone;

    private SafeFileWriter(SafeDirectory dir, bool ownsDir, string temp, int fd)
    {
        _dir = dir;
        _ownsDir = ownsDir;
        _temp = temp;
        _fd = fd;
    }

    /// <summary>The directory the file goes into.</summary>
    public SafeDirectory Directory => _dir;

    /// <summary>
    /// Starts a file in <paramref name="dir"/> whose final name will start with <paramref name="stem"/> (the temporary
    /// name is <c>.STEM.RANDOM.tmp</c>: hidden, and never <c>*.prom</c> or <c>limittop-*</c>). Null with the reason when it cannot.
    /// </summary>
    public static SafeFileWriter? Create(SafeDirectory dir, string stem, int mode, out string? error, bool ownsDir = false)
    {
        int err = EEXIST;
        for (int i = 0; i < Tries && err == EEXIST; i++)
        {
            string temp = "." + stem + "." + RandomNumberGenerator.GetHexString(12, lowercase: true) + ".tmp";
            int fd = Posix.OpenAt(dir.Fd, temp, CreateFlags, (uint)mode, out err);
            if (fd < 0)
            {
                continue;
            }

            if (fchmod(fd, (mode_t)mode) != 0)
            {
                err = errno;
                Posix.Close(fd);
                _ = Unlink(dir.Fd, temp);
                break;
            }

            error = null;
            return new SafeFileWriter(dir, ownsDir, temp, fd);
        }

        error = $"cannot create a file in {dir.Path}: {Errno.Describe(err)}";
        if (ownsDir)
        {
            dir.Dispose();
        }

        return null;
    }

    /// <summary>
    /// Creates <paramref name="name"/> in <paramref name="dir"/> for appending (a recording's segment): never an
    /// existing name, never through a link, with exactly <paramref name="mode"/> whatever the umask. The descriptor,
    /// or −1 with the errno. The caller writes with <see cref="FdWrite.WriteAll"/> and closes it.
    /// </summary>
    public static int CreateForAppend(SafeDirectory dir, string name, int mode, out int error)
    {
        int fd = Posix.OpenAt(dir.Fd, name, CreateFlags | O_APPEND, (uint)mode, out error);
        if (fd >= 0 && fchmod(fd, (mode_t)mode) != 0)
        {
            error = errno;
            Posix.Close(fd);
            return -1;
        }

        return fd;
    }

    /// <summary>Writes all of <paramref name="data"/>; false with the reason (ENOSPC …).</summary>
    public bool Write(ReadOnlySpan<byte> data, out string? error)
    {
        if (FdWrite.WriteAll(_fd, data, out int err))
        {
            error = null;
            return true;
        }

        error = $"cannot write in {_dir.Path}: {Errno.Describe(err)}";
        return false;
    }

    /// <summary>A write-only stream over the temporary file (for serializers); an IOException carries the errno.</summary>
    public Stream AsStream() => new FdStream(this);

    /// <summary>
    /// Closes the file and gives it <paramref name="name"/> in the directory: renameat when
    /// <paramref name="replace"/> (readers see the old file or the new one), else linkat, which fails with EEXIST when
    /// the name is taken (then the temporary file stays for another try). Returns 0 or the errno; <paramref name="error"/> in words.
    /// </summary>
    public int Commit(string name, bool replace, bool fsync, out string? error)
    {
        error = null;
        if (_fd >= 0)
        {
            if (fsync && LibC.fsync(_fd) != 0)
            {
                return Fail(errno, "cannot write", out error);
            }

            int rc = close(_fd);
            _fd = -1;
            if (rc != 0 && errno != EINTR)
            {
                return Fail(errno, "cannot write", out error);
            }
        }

        int result = replace ? RenameAt(_dir.Fd, _temp, _dir.Fd, name) : LinkAt(_dir.Fd, _temp, _dir.Fd, name);
        if (result != 0)
        {
            int e = Marshal.GetLastPInvokeError();
            error = $"cannot put {System.IO.Path.Combine(_dir.Path, name)} in place: {Errno.Describe(e)}";
            return e;
        }

        _tempGone = replace; // a link leaves the temporary name until Dispose, so Uncommit can try another name

        if (fsync)
        {
            _ = LibC.fsync(_dir.Fd); // the rename itself survives a crash
        }

        Committed = true;
        return 0;
    }

    /// <summary>True once the file is in place.</summary>
    public bool Committed { get; private set; }

    /// <summary>After a linked commit whose final name the caller removed again: the file may be committed under another name.</summary>
    public void Uncommit() => Committed = _tempGone;

    /// <summary>
    /// Writes <paramref name="data"/> to <paramref name="path"/> atomically (renameat over it) with exactly
    /// <paramref name="mode"/>; with <paramref name="createDirMode"/> ≥ 0 missing directories are made. Null on
    /// success, else the reason.
    /// </summary>
    public static string? WriteAll(string path, ReadOnlySpan<byte> data, int mode, bool fsync, int createDirMode = -1)
    {
        string full = System.IO.Path.GetFullPath(path);
        string name = System.IO.Path.GetFileName(full);
        if (name.Length == 0)
        {
            return $"{path}: not a file name";
        }

        var dir = SafeDirectory.Open(System.IO.Path.GetDirectoryName(full) ?? "/", out string? error, out _, createDirMode);
        if (dir is null)
        {
            return error;
        }

        using var writer = Create(dir, name, mode, out error, ownsDir: true);
        if (writer is null)
        {
            return error;
        }

        if (!writer.Write(data, out error))
        {
            return error;
        }

        return writer.Commit(name, replace: true, fsync, out error) == 0 ? null : error;
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            Posix.Close(_fd);
            _fd = -1;
        }

        if (!_tempGone)
        {
            _ = Unlink(_dir.Fd, _temp); // a failed or abandoned write leaves nothing behind; a linked one only its final name
            _tempGone = true;
        }

        if (_ownsDir)
        {
            _dir.Dispose();
        }
    }

    internal int Fd => _fd;

    private int Fail(int e, string what, out string? error)
    {
        error = $"{what} in {_dir.Path}: {Errno.Describe(e)}";
        return e;
    }

    /// <summary>Removes <paramref name="name"/> in the directory <paramref name="dirFd"/> (never following a link); 0 or the errno.</summary>
    public static int Unlink(int dirFd, string name)
    {
        Span<byte> c = stackalloc byte[Posix.StackPath];
        if (!Posix.TryEncode(name, c, out _))
        {
            return ENAMETOOLONG;
        }

        fixed (byte* p = c)
        {
            return unlinkat(dirFd, p, 0) < 0 ? errno : 0;
        }
    }

    private static int RenameAt(int fromDir, string from, int toDir, string to) => TwoPaths(fromDir, from, toDir, to, link: false);

    private static int LinkAt(int fromDir, string from, int toDir, string to) => TwoPaths(fromDir, from, toDir, to, link: true);

    private static int TwoPaths(int fromDir, string from, int toDir, string to, bool link)
    {
        byte[] a = new byte[Posix.PathMax + 1], b = new byte[Posix.PathMax + 1];
        if (!Posix.TryEncode(from, a, out _) || !Posix.TryEncode(to, b, out _))
        {
            Marshal.SetLastPInvokeError(36); // ENAMETOOLONG
            return -1;
        }

        fixed (byte* pa = a)
        fixed (byte* pb = b)
        {
            return link ? linkat(fromDir, pa, toDir, pb, 0) : renameat(fromDir, pa, toDir, pb);
        }
    }

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true)]
    private static partial int renameat(int olddirfd, byte* oldpath, int newdirfd, byte* newpath);

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true)]
    private static partial int linkat(int olddirfd, byte* oldpath, int newdirfd, byte* newpath, int flags);
}
