using LimitTop.Core.Native;

namespace LimitTop.Core.Model;

/// <summary>The names of what refused a task creation (the <c>limit</c> label and JSON field).</summary>
public static class RefusalLimits
{
    public const string Nproc = LimitNames.Nproc;
    public const string ThreadsMax = LimitNames.ThreadsMax;
    public const string PidMax = LimitNames.PidMax;
    public const string PidsCgroup = LimitNames.PidsMax;
    public const string Memory = "memory";
    public const string Seccomp = "seccomp";
    public const string Lsm = "lsm";
    public const string Namespaces = "namespaces";

    /// <summary>"unknown (EAGAIN)": the state had moved on by the time it was read; never a guess.</summary>
    public static string Unknown(int errno) => $"unknown ({Name(errno)})";

    /// <summary>The symbolic errno the kernel returned (EAGAIN …), "errno N" for one this table lacks.</summary>
    public static string Name(int errno) => errno switch
    {
        Errno.EPERM => "EPERM",
        Errno.ENOENT => "ENOENT",
        Errno.EINTR => "EINTR",
        Errno.EAGAIN => "EAGAIN",
        Errno.ENOMEM => "ENOMEM",
        Errno.EACCES => "EACCES",
        14 => "EFAULT",
        16 => "EBUSY",
        17 => "EEXIST",
        Errno.EINVAL => "EINVAL",
        Errno.ENOSPC => "ENOSPC",
        38 => "ENOSYS",
        87 => "EUSERS",
        _ => $"errno {errno}",
    };

    /// <summary>The errno in words for a line of text ("resource temporarily unavailable (EAGAIN)").</summary>
    public static string Words(int errno) => errno switch
    {
        14 => "bad address (EFAULT)",
        16 => "device or resource busy (EBUSY)",
        17 => "file exists (EEXIST)",
        38 => "function not implemented (ENOSYS)",
        87 => "too many users (EUSERS)",
        _ => Errno.Describe(errno),
    };
}
