using System.Globalization;

namespace LimitTop.Core.Procfs;

/// <summary>Where /proc, /sys and /etc are: the real ones, or a captured fixture tree.</summary>
public sealed record ProcRoot(string Proc = "/proc", string Sys = "/sys", string Etc = "/etc")
{
    public static ProcRoot Default { get; } = new();

    /// <summary>Where the container runtimes and the kubelet keep their state (docker, containers/storage, kubelet): /var/lib or a fixture's.</summary>
    public string VarLib { get; init; } = "/var/lib";

    /// <summary>Where containerd's task bundles and CRI-O's run root are: /run or a fixture's.</summary>
    public string Run { get; init; } = "/run";

    /// <summary>
    /// True when reading the live kernel as this process sees it: /proc itself, or another mount of the procfs of
    /// this process's PID namespace — the host's /proc under /host/proc in a container that shares the host's PID
    /// namespace, where "self" names this process. Netlink sock_diag and ns_last_pid answer for this process's own
    /// namespaces, so they fit only such a root (docs/kernel-limits.md §13).
    /// </summary>
    public bool IsLive => Proc == "/proc" || SelfIsThisProcess(Proc);

    private static bool SelfIsThisProcess(string proc)
    {
        try
        {
            return int.TryParse(new FileInfo(Path.Combine(proc, "self")).LinkTarget, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && pid == Environment.ProcessId;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
