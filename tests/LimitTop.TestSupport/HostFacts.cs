namespace LimitTop.TestSupport;

/// <summary>What this machine offers a test: the one root check, the tools on PATH, a C compiler.</summary>
public static class HostFacts
{
    /// <summary>
    /// Effective uid 0 (geteuid), which is what the kernel checks for setpriv, prlimit, cgroup writes and signals
    /// to other uids; not the user name, which a root shell with USER unset or a renamed account gets wrong.
    /// </summary>
    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>The full path of <paramref name="name"/> on PATH (or /usr/sbin, /sbin for a root tool), or null.</summary>
    public static string? Tool(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"]);
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>cc, gcc or clang, whichever is installed first; null when none is.</summary>
    public static string? CCompiler => new[] { "cc", "gcc", "clang" }.Select(Tool).FirstOrDefault(p => p is not null);

    /// <summary>The kernel's version as (major, minor) from /proc/sys/kernel/osrelease (e.g. "6.12.48+deb13-amd64").</summary>
    public static (int Major, int Minor) KernelVersion
    {
        get
        {
            var parts = File.ReadAllText("/proc/sys/kernel/osrelease").Trim().Split('.', '-', '+');
            return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
