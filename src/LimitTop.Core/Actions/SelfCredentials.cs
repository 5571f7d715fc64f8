using System.Globalization;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Actions;

/// <summary>
/// limittop's own uid and effective capabilities (CapEff of /proc/self/status), so a refusal names its real
/// cause: root without CAP_SYS_RESOURCE (this VM's root lacks it) is told so, not "run as root". The kernel's
/// rules: prlimit64 on another user's process needs CAP_SYS_RESOURCE (check_prlimit_permission), kill(2) to
/// another user's process needs CAP_KILL (check_kill_permission); docs/kernel-limits.md §18.
/// </summary>
public sealed record SelfCredentials(long RealUid, ulong CapEff)
{
    public const int CapKill = 5;
    public const int CapSysResource = 24;

    private static readonly char[] WhiteSpace = ['\t', ' '];
    private static SelfCredentials? _current;

    /// <summary>This process, read once (capabilities do not change while limittop runs).</summary>
    public static SelfCredentials Current => _current ??= Read(ProcRoot.Default) ?? new SelfCredentials(-1, 0);

    public bool IsRoot => RealUid == 0;

    public bool Has(int capability) => (CapEff & (1UL << capability)) != 0;

    /// <summary>/proc/self/status of <paramref name="root"/>; null when it cannot be read.</summary>
    public static SelfCredentials? Read(ProcRoot root)
    {
        try
        {
            return Parse(File.ReadAllText(Path.Combine(root.Proc, "self/status")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The Uid and CapEff lines of a status file; null when either is missing.</summary>
    public static SelfCredentials? Parse(string status)
    {
        long? uid = null;
        ulong? eff = null;
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal)
                && long.TryParse(line[4..].Split(WhiteSpace, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long u))
            {
                uid = u;
            }
            else if (line.StartsWith("CapEff:", StringComparison.Ordinal)
                     && ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong c))
            {
                eff = c;
            }
        }

        return uid is { } x && eff is { } y ? new SelfCredentials(x, y) : null;
    }

    /// <summary>Why prlimit64 on another process was refused (EPERM), in words that say what is missing.</summary>
    public string PrlimitRefused => Has(CapSysResource)
        ? "refused although this limittop holds CAP_SYS_RESOURCE (a security module, or a user namespace it has no rights in)"
        : IsRoot
            ? "another user's process needs CAP_SYS_RESOURCE, and this limittop runs as root without it (its capability set drops it)"
            : "another user's process needs CAP_SYS_RESOURCE: run limittop as root with CAP_SYS_RESOURCE";

    /// <summary>Why kill(2) was refused (EPERM), in words that say what is missing.</summary>
    public string KillRefused => Has(CapKill)
        ? "refused although this limittop holds CAP_KILL (a security module refused it)"
        : IsRoot
            ? "another user's process needs CAP_KILL, and this limittop runs as root without it"
            : "another user's process: run limittop as its user, or as root with CAP_KILL";
}
