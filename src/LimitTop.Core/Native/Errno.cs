namespace LimitTop.Core.Native;

/// <summary>errno values limittop tells apart, and their words.</summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int ENOSPC = 28;
    public const int EMFILE = 24;
    public const int ENFILE = 23;
    public const int EROFS = 30;
    public const int EINVAL = 22;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int ENAMETOOLONG = 36;
    public const int ELOOP = 40;

    public static string Describe(int errno) => errno switch
    {
        EPERM => "operation not permitted (EPERM)",
        ENOENT => "no such file (ENOENT)",
        ESRCH => "no such process (ESRCH)",
        EIO => "input/output error (EIO)",
        EAGAIN => "resource temporarily unavailable (EAGAIN)",
        ENOMEM => "cannot allocate memory (ENOMEM)",
        EACCES => "permission denied (EACCES)",
        ENOSPC => "no space left on device (ENOSPC)",
        EMFILE => "too many open files in this process (EMFILE)",
        ENFILE => "too many open files in the system (ENFILE)",
        EROFS => "read-only file system (EROFS)",
        EINVAL => "invalid argument (EINVAL)",
        EEXIST => "file exists (EEXIST)",
        ENOTDIR => "not a directory (ENOTDIR)",
        EISDIR => "is a directory (EISDIR)",
        ENAMETOOLONG => "file name too long (ENAMETOOLONG)",
        ELOOP => "a symbolic link, not followed (ELOOP)",
        _ => $"errno {errno}",
    };

    /// <summary>
    /// The errnos of a refused resource rather than of a missing file or a bug: no fd for this process (EMFILE) or
    /// the system (ENFILE), no kernel memory (ENOMEM), or "try again" (EAGAIN) — see docs/kernel-limits.md §8.
    /// </summary>
    public static bool IsRefusal(int errno) => errno is EMFILE or ENFILE or ENOMEM or EAGAIN;
}
