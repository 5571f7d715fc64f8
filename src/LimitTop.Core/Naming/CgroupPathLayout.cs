using LimitTop.Core.Model;
using System.Globalization;

namespace LimitTop.Core.Naming;

/// <summary>What the path alone says: the kind, the id it holds, the owner's uid; no file is read.</summary>
public readonly record struct PathLayout(CgroupKind Kind, string? Id = null, string? PodUid = null, int? Uid = null, string? Unit = null,
    bool Monitor = false, string? Label = null);

/// <summary>
/// Reads a cgroup path (v1 or v2, as /proc/PID/cgroup gives it) the way the runtimes lay them out
/// (docs/container-names.md): the innermost segment that is a container's wins, so a sub-cgroup inside a container
/// ("…/docker-ID.scope/init") is still that container's; else the innermost systemd unit. Ids are accepted only as
/// lowercase hex, so a path can never steer a later file name outside the runtime's directory.
/// </summary>
public static class CgroupPathLayout
{
    public static PathLayout Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] seg = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int? uid = OwnerUid(seg);
        for (int i = seg.Length - 1; i >= 0; i--)
        {
            string s = seg[i];
            string? parent = i > 0 ? seg[i - 1] : null;
            if (Container(s, parent, seg, i, uid) is { } found)
            {
                return found;
            }
        }

        for (int i = seg.Length - 1; i >= 0; i--)
        {
            if (Unit(seg[i], seg, i) is { } unit)
            {
                return unit;
            }
        }

        return new PathLayout(CgroupKind.None);
    }

    private static PathLayout? Container(string s, string? parent, string[] seg, int i, int? uid)
    {
        if (Strip(s, "docker-", ".scope") is { } d && IsId(d))
        {
            return new PathLayout(CgroupKind.Docker, d, PodUidIn(seg, i));
        }

        if (parent == "docker" && IsId(s))
        {
            return new PathLayout(CgroupKind.Docker, s);
        }

        if ((Strip(s, "libpod-conmon-", ".scope") ?? Strip(s, "libpod-conmon-", "")) is { } pc && IsId(pc))
        {
            return new PathLayout(CgroupKind.Podman, pc, Uid: uid, Monitor: true);
        }

        if ((Strip(s, "libpod-", ".scope") ?? Strip(s, "libpod-", "")) is { } p && IsId(p))
        {
            return new PathLayout(CgroupKind.Podman, p, Uid: uid);
        }

        if ((Strip(s, "machine-libpod_pod_", ".slice") ?? Strip(s, "libpod_pod_", "")) is { } pp && IsId(pp))
        {
            return new PathLayout(CgroupKind.PodmanPod, pp, Uid: uid);
        }

        if (Strip(s, "cri-containerd-", ".scope") is { } c && IsId(c))
        {
            return new PathLayout(CgroupKind.Containerd, c, PodUidIn(seg, i));
        }

        if ((Strip(s, "crio-conmon-", ".scope") ?? Strip(s, "crio-conmon-", "")) is { } cc && IsId(cc))
        {
            return new PathLayout(CgroupKind.CriO, cc, PodUidIn(seg, i), Monitor: true);
        }

        if ((Strip(s, "crio-", ".scope") ?? Strip(s, "crio-", "")) is { } cr && IsId(cr))
        {
            return new PathLayout(CgroupKind.CriO, cr, PodUidIn(seg, i));
        }

        if (IsId(s) && PodUid(parent) is { } pod)
        {
            // cgroupfs driver: /kubepods/QOS/podUID/ID — containerd's CRI plugin names it by the bare id.
            return new PathLayout(CgroupKind.Containerd, s, pod);
        }

        if (PodUid(s) is { } podUid && seg.Take(i).Any(IsKubepods))
        {
            return new PathLayout(CgroupKind.KubernetesPod, PodUid: podUid);
        }

        if (s.StartsWith("lxc.payload.", StringComparison.Ordinal) && s.Length > 12)
        {
            return new PathLayout(CgroupKind.Lxc, Label: s[12..]);
        }

        if (s.StartsWith("lxc.monitor.", StringComparison.Ordinal) && s.Length > 12)
        {
            return new PathLayout(CgroupKind.Lxc, Label: s[12..], Monitor: true);
        }

        if (parent == "lxc" && i == 1)
        {
            return new PathLayout(CgroupKind.Lxc, Label: s); // LXC before 4.0: /lxc/NAME
        }

        if (Strip(s, "machine-", ".scope") is { Length: > 0 } m)
        {
            return new PathLayout(CgroupKind.Machine, Unit: s, Label: m);
        }

        return null;
    }

    private static PathLayout? Unit(string s, string[] seg, int i)
    {
        if (Strip(s, "user@", ".service") is { } um && int.TryParse(um, NumberStyles.None, CultureInfo.InvariantCulture, out int u))
        {
            return new PathLayout(CgroupKind.UserManager, Uid: u, Unit: s);
        }

        if (Strip(s, "user-", ".slice") is { } us && int.TryParse(us, NumberStyles.None, CultureInfo.InvariantCulture, out int su))
        {
            return new PathLayout(CgroupKind.UserSlice, Uid: su, Unit: s);
        }

        int? owner = OwnerUid(seg.AsSpan(0, i + 1).ToArray());
        if (s.StartsWith("session-", StringComparison.Ordinal) && s.EndsWith(".scope", StringComparison.Ordinal))
        {
            return new PathLayout(CgroupKind.Session, Uid: owner, Unit: s);
        }

        return s.EndsWith(".service", StringComparison.Ordinal) ? new PathLayout(CgroupKind.SystemdService, Uid: UserManagerUid(seg, i), Unit: s)
            : s.EndsWith(".scope", StringComparison.Ordinal) ? new PathLayout(CgroupKind.SystemdScope, Uid: UserManagerUid(seg, i), Unit: s)
            : s.EndsWith(".slice", StringComparison.Ordinal) ? new PathLayout(CgroupKind.SystemdSlice, Uid: UserManagerUid(seg, i), Unit: s)
            : null;
    }

    /// <summary>The uid of the user@UID.service a unit runs under (its user manager); null for system units.</summary>
    private static int? UserManagerUid(string[] seg, int i)
    {
        for (int j = i - 1; j >= 0; j--)
        {
            if (Strip(seg[j], "user@", ".service") is { } um && int.TryParse(um, NumberStyles.None, CultureInfo.InvariantCulture, out int u))
            {
                return u;
            }
        }

        return null;
    }

    /// <summary>The uid named by a user-UID.slice or user@UID.service on the path (a rootless container's owner).</summary>
    public static int? OwnerUid(string[] seg)
    {
        int? uid = null;
        foreach (string s in seg)
        {
            string? n = Strip(s, "user@", ".service") ?? Strip(s, "user-", ".slice");
            if (n is not null && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int u))
            {
                uid = u;
            }
        }

        return uid;
    }

    private static string? PodUidIn(string[] seg, int i)
    {
        for (int j = i - 1; j >= 0; j--)
        {
            if (PodUid(seg[j]) is { } p)
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>
    /// The pod UID of "podUID" (cgroupfs) or "kubepods[-QOS]-podUID.slice" (systemd driver, whose UID has '_' for
    /// '-', as systemd slice names cannot nest dashes), with its dashes restored.
    /// </summary>
    public static string? PodUid(string? s)
    {
        if (s is null)
        {
            return null;
        }

        string? raw = s.StartsWith("pod", StringComparison.Ordinal) && !s.Contains('.', StringComparison.Ordinal) ? s[3..]
            : s.StartsWith("kubepods", StringComparison.Ordinal) && s.EndsWith(".slice", StringComparison.Ordinal) && s.LastIndexOf("-pod", StringComparison.Ordinal) is int at and > 0
                ? s[(at + 4)..^6]
                : null;
        if (raw is null || raw.Length < 8 || raw.Length > 64 || !raw.All(ch => char.IsAsciiHexDigitLower(ch) || ch is '-' or '_'))
        {
            return null;
        }

        return raw.Replace('_', '-');
    }

    private static bool IsKubepods(string s) => s == "kubepods" || s.StartsWith("kubepods.", StringComparison.Ordinal) || s.StartsWith("kubepods-", StringComparison.Ordinal);

    /// <summary>A container id: 12 to 128 lowercase hex digits (docker, podman, containerd and CRI-O all use 64).</summary>
    public static bool IsId(string s) => s.Length is >= 12 and <= 128 && s.All(char.IsAsciiHexDigitLower);

    private static string? Strip(string s, string prefix, string suffix)
        => s.Length > prefix.Length + suffix.Length && s.StartsWith(prefix, StringComparison.Ordinal) && s.EndsWith(suffix, StringComparison.Ordinal)
            ? s[prefix.Length..^suffix.Length]
            : null;
}
