namespace LimitTop.Core.Procfs;

/// <summary>
/// The one rule for "is this a kernel thread" (the sampler's rows, the --why refusal, the tree): PF_KTHREAD in stat's
/// flags; else status's <c>Kthread:</c> line (Linux 6.x); else, on kernels that show neither, kthreadd (pid 2) and its
/// children, which is how every kernel thread is created. No user-space limit applies to one and nothing is charged
/// to its uid.
/// </summary>
public static class ProcessKind
{
    /// <summary>Decides for <paramref name="pid"/> (the /proc directory read) from stat and, once read, status's Kthread (null when status was not read or has no such line).</summary>
    public static bool IsKernelThread(int pid, in StatFields stat, bool? statusKthread = null)
        => stat.IsKernelThread || (statusKthread ?? (pid == 2 || stat.Ppid == 2));
}
