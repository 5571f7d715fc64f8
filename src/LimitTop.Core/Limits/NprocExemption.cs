namespace LimitTop.Core.Limits;

/// <summary>
/// Whether the kernel lets a process create tasks past its RLIMIT_NPROC. copy_creds() checks the creating task:
/// real uid 0 in the initial user namespace, or CAP_SYS_ADMIN / CAP_SYS_RESOURCE in its effective set, checked
/// with capable() against the initial namespace (docs/kernel-limits.md). A capability held inside a nested user
/// namespace does not count, and uid 0 mapped in one is not uid 0.
/// </summary>
public static class NprocExemption
{
    public const int CapSysResource = 24;
    public const int CapSysAdmin = 21;

    public const string Uid0 = "uid 0";
    public const string SysAdmin = "CAP_SYS_ADMIN";
    public const string SysResource = "CAP_SYS_RESOURCE";

    /// <param name="realUid">Real uid as the reader sees it.</param>
    /// <param name="capEff">CapEff of /proc/PID/status; null when unknown.</param>
    /// <param name="nested">True when the process is in a user namespace below the reader's.</param>
    /// <returns>null when not exempt, else why ("uid 0", "CAP_SYS_ADMIN", "CAP_SYS_RESOURCE").</returns>
    public static string? Of(int realUid, ulong? capEff, bool nested)
    {
        if (nested)
        {
            return null;
        }

        if (realUid == 0)
        {
            return Uid0;
        }

        if (capEff is { } caps)
        {
            if ((caps & (1UL << CapSysAdmin)) != 0)
            {
                return SysAdmin;
            }

            if ((caps & (1UL << CapSysResource)) != 0)
            {
                return SysResource;
            }
        }

        return null;
    }
}
