using System.Globalization;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Platform;

/// <summary>
/// A directory opened for writing or reading configuration, walked one component at a time from "/" with
/// openat(O_DIRECTORY|O_NOFOLLOW), so the fd it holds is a real directory reached without following a symbolic
/// link that another user could have planted. What is checked, component by component:
/// <list type="bullet">
/// <item>a component that is a directory is entered (O_NOFOLLOW: a link swapped in during the walk is not followed);</item>
/// <item>a component that is a symbolic link is followed only when the directory holding it is owned by root or by
/// us and writable by nobody else (then only root or we could have made it: /var/run → /run, a dotfiles link
/// in our own HOME); a link in another user's directory (a user-owned HOME after <c>sudo -E</c>, /tmp) is refused;</item>
/// <item>a component that is anything else is "not a directory";</item>
/// <item>with a create mode, a missing component is made with mkdirat (mode 0700 for ours; the umask can only take bits away).</item>
/// </list>
/// Files are then opened relative to <see cref="Fd"/> (openat), so a rename of a component after the walk cannot
/// redirect them. See docs/kernel-limits.md §12.
/// </summary>
public sealed unsafe class SafeDirectory : IDisposable
{
    private SafeDirectory(int fd, string path)
    {
        Fd = fd;
        Path = path;
    }

    /// <summary>The directory's fd (O_RDONLY|O_DIRECTORY|O_CLOEXEC).</summary>
    public int Fd { get; private set; }

    /// <summary>The absolute path that was opened (for messages).</summary>
    public string Path { get; }

    /// <summary>
    /// Opens <paramref name="path"/> (made absolute) as described on the type; null with the reason in words
    /// (and the errno, ENOENT for a missing component) when it cannot.
    /// </summary>
    /// <param name="createMode">Create missing components with this mode; −1 to create nothing.</param>
    public static SafeDirectory? Open(string path, out string? error, out int errno, int createMode = -1)
    {
        string full = System.IO.Path.GetFullPath(path);
        int fd = Posix.Open("/", Posix.DirectoryFlags, out errno);
        if (fd < 0)
        {
            error = $"cannot open /: {Errno.Describe(errno)}";
            return null;
        }

        string walked = "";
        foreach (string name in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string at = walked.Length == 0 ? "/" : walked;
            walked += "/" + name;
            int next = Step(fd, name, walked, at, createMode, out error, out errno);
            Posix.Close(fd);
            if (next < 0)
            {
                return null;
            }

            fd = next;
        }

        error = null;
        errno = 0;
        return new SafeDirectory(fd, full);
    }

    /// <summary>True when only root or this process's user can change the entries of the directory <paramref name="dirFd"/>.</summary>
    public static bool OnlyRootOrUsCanWrite(int dirFd, out string whoElse)
    {
        stat st;
        if (fstat(dirFd, &st) != 0)
        {
            whoElse = "unknown owner";
            return false;
        }

        uint me = (uint)geteuid();
        uint owner = (uint)st.st_uid;
        if (owner != 0 && owner != me)
        {
            whoElse = "owned by uid " + owner.ToString(CultureInfo.InvariantCulture);
            return false;
        }

        uint mode = (uint)st.st_mode;
        if ((mode & 0x12) != 0) // S_IWGRP | S_IWOTH (sticky /tmp included: anyone can add a name there)
        {
            whoElse = "writable by " + ((mode & 0x2) != 0 ? "everyone" : "its group");
            return false;
        }

        whoElse = "";
        return true;
    }

    /// <summary>True when <paramref name="name"/> in the directory <paramref name="dirFd"/> is a symbolic link (lstat).</summary>
    internal static bool IsLink(int dirFd, string name, out uint mode)
    {
        mode = 0;
        Span<byte> c = stackalloc byte[Posix.StackPath];
        byte[]? big = null;
        if (!Posix.TryEncode(name, c, out _))
        {
            big = new byte[Posix.PathMax + 1];
            if (!Posix.TryEncode(name, big, out _))
            {
                return false;
            }
        }

        stat st;
        int rc;
        fixed (byte* p = big ?? c)
        {
            rc = fstatat(dirFd, p, &st, AT_SYMLINK_NOFOLLOW);
        }

        if (rc != 0)
        {
            return false;
        }

        mode = (uint)st.st_mode;
        return (st.st_mode & S_IFMT) == S_IFLNK;
    }

    private static int Step(int fd, string name, string walked, string parent, int createMode, out string? error, out int err)
    {
        error = null;
        int flags = Posix.DirectoryFlags | O_NOFOLLOW;
        int next = Posix.OpenAt(fd, name, flags, out err);
        if (next >= 0)
        {
            return next;
        }

        if (err == ENOENT && createMode >= 0)
        {
            if (MakeDirectory(fd, name, createMode, out err) || err == EEXIST)
            {
                next = Posix.OpenAt(fd, name, flags, out err);
                if (next >= 0)
                {
                    return next;
                }
            }

            if (err != ELOOP && err != ENOTDIR)
            {
                error = $"cannot create {walked}: {Errno.Describe(err)}";
                return -1;
            }
        }

        if (err != ELOOP && err != ENOTDIR)
        {
            error = $"cannot open {walked}: {Errno.Describe(err)}";
            return -1;
        }

        if (!IsLink(fd, name, out _))
        {
            error = $"{walked}: not a directory";
            err = ENOTDIR;
            return -1;
        }

        if (!OnlyRootOrUsCanWrite(fd, out string whoElse))
        {
            error = $"{walked} is a symbolic link in {parent} ({whoElse}): not followed";
            err = ELOOP;
            return -1;
        }

        next = Posix.OpenAt(fd, name, Posix.DirectoryFlags, out err); // root's or our own link: follow it
        if (next < 0)
        {
            error = err == ENOTDIR ? $"{walked}: not a directory" : $"cannot open {walked}: {Errno.Describe(err)}";
        }

        return next;
    }

    private static bool MakeDirectory(int fd, string name, int mode, out int err)
    {
        Span<byte> c = stackalloc byte[Posix.StackPath];
        if (!Posix.TryEncode(name, c, out _))
        {
            err = 36; // ENAMETOOLONG
            return false;
        }

        int rc;
        fixed (byte* p = c)
        {
            rc = mkdirat(fd, p, (mode_t)mode);
        }

        err = rc == 0 ? 0 : errno;
        return rc == 0;
    }

    public void Dispose()
    {
        Posix.Close(Fd);
        Fd = -1;
    }
}
