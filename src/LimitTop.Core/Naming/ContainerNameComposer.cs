using LimitTop.Core.Model;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Naming;

/// <summary>
/// Turns a path's layout and the runtime's files into a <see cref="CgroupName"/> with its display text: "ltc1
/// (podman)", "default/web-7f9c · web (containerd)", "nginx.service", "user bob's logins"; when the runtime's file
/// does not say, the runtime and the short id ("4d6e4fb6fb70 (podman)"), with the reason in Failure.
/// </summary>
internal sealed class ContainerNameComposer
{
    private const int MaxPodChildren = 64;

    private readonly ProcRoot _root;
    private readonly ContainerFiles _files;
    private readonly PasswdHomes _passwd;

    public ContainerNameComposer(ProcRoot root, ContainerFiles files, PasswdHomes passwd)
    {
        _root = root;
        _files = files;
        _passwd = passwd;
    }

    public static CgroupName PathOnly(string path, string? failure = null)
        => new() { Path = path, Kind = CgroupKind.None, Display = NameText.Escape(path), Failure = failure };

    public CgroupName Compose(string path, int version)
    {
        var l = CgroupPathLayout.Parse(path);
        return l.Kind switch
        {
            CgroupKind.Docker => Container(path, l, "docker", _files.Docker(l.Id!)),
            CgroupKind.Podman => Container(path, l, "podman", _files.Podman(l.Id!, l.Uid)),
            CgroupKind.Containerd => Container(path, l, "containerd", _files.Containerd(l.Id!)),
            CgroupKind.CriO => Container(path, l, "cri-o", _files.CriO(l.Id!)),
            CgroupKind.PodmanPod => new CgroupName
            {
                Path = path, Kind = l.Kind, Runtime = "podman", Id = l.Id, Uid = l.Uid,
                Display = $"pod {NameText.ShortId(l.Id!)} (podman)",
            },
            CgroupKind.KubernetesPod => Pod(path, version, l),
            CgroupKind.Lxc => new CgroupName
            {
                Path = path, Kind = l.Kind, Runtime = "lxc", Name = NameText.Escape(l.Label!), Monitor = l.Monitor,
                Display = $"{NameText.Escape(l.Label!)} (lxc{(l.Monitor ? " monitor" : "")})",
            },
            CgroupKind.Machine => new CgroupName
            {
                Path = path, Kind = l.Kind, Runtime = "systemd-machined", Unit = NameText.Escape(l.Unit!), Name = NameText.UnescapeUnit(l.Label!),
                Display = $"{NameText.UnescapeUnit(l.Label!)} (machine)",
            },
            CgroupKind.UserSlice => Unit(path, l, $"user {_passwd.NameOf(l.Uid!.Value)}'s logins"),
            CgroupKind.UserManager => Unit(path, l, $"{_passwd.NameOf(l.Uid!.Value)}'s user manager"),
            CgroupKind.Session => Unit(path, l, l.Uid is { } su
                ? $"session {NameText.Escape(l.Unit!["session-".Length..^".scope".Length])} of {_passwd.NameOf(su)}"
                : NameText.Escape(l.Unit!)),
            CgroupKind.SystemdService or CgroupKind.SystemdScope or CgroupKind.SystemdSlice => Unit(path, l,
                l.Uid is { } owner ? $"{NameText.UnescapeUnit(l.Unit!)} ({_passwd.NameOf(owner)})" : NameText.UnescapeUnit(l.Unit!)),
            _ => PathOnly(path),
        };
    }

    private static CgroupName Unit(string path, PathLayout l, string display)
        => new() { Path = path, Kind = l.Kind, Unit = NameText.Escape(l.Unit!), Uid = l.Uid, Display = display };

    private CgroupName Container(string path, PathLayout l, string runtime, ContainerFacts f)
    {
        string shortId = NameText.ShortId(l.Id!);
        string what = f.Name ?? shortId;
        string tag = runtime + (l.Monitor ? " conmon" : "") + (l.Uid is { } u && u != 0 && runtime == "podman" ? ", " + _passwd.NameOf(u) : "");
        string display = f.Pod is { } pod
            ? $"{(f.Namespace is { } ns ? ns + "/" : "")}{pod} · {what} ({tag})"
            : $"{what} ({tag})";
        return new CgroupName
        {
            Path = path, Kind = l.Kind, Runtime = runtime, Id = l.Id, Name = f.Name, Pod = f.Pod, Namespace = f.Namespace,
            Uid = l.Uid, Monitor = l.Monitor, Source = f.Source, Failure = f.Failure, Display = display,
        };
    }

    /// <summary>A pod's cgroup is named after the pod, from the annotations of any container below it.</summary>
    private CgroupName Pod(string path, int version, PathLayout l)
    {
        foreach (string child in Children(path, version))
        {
            var c = Compose(path.TrimEnd('/') + "/" + child, version);
            if (c.Pod is not null && c.Kind is CgroupKind.Containerd or CgroupKind.CriO or CgroupKind.Docker)
            {
                return new CgroupName
                {
                    Path = path, Kind = CgroupKind.KubernetesPod, Runtime = c.Runtime, Id = l.PodUid, Pod = c.Pod, Namespace = c.Namespace,
                    Source = c.Source, Display = $"{(c.Namespace is { } ns ? ns + "/" : "")}{c.Pod} (pod, {c.Runtime})",
                };
            }
        }

        return new CgroupName
        {
            Path = path, Kind = CgroupKind.KubernetesPod, Runtime = "kubernetes", Id = l.PodUid,
            Display = $"pod {NameText.ShortId(l.PodUid!)} (kubernetes)", Failure = "no container below it names the pod",
        };
    }

    /// <summary>Child cgroup directories (at most <see cref="MaxPodChildren"/>) of the pids hierarchy of <paramref name="version"/>.</summary>
    private IEnumerable<string> Children(string path, int version)
    {
        string rel = path.TrimStart('/');
        string[] mounts = version == 1
            ? [Path.Combine(_root.Sys, "fs", "cgroup", "pids")]
            : [Path.Combine(_root.Sys, "fs", "cgroup"), Path.Combine(_root.Sys, "fs", "cgroup", "unified")];
        foreach (string mount in mounts)
        {
            string dir = Path.Combine(mount, rel);
            string[] children;
            try
            {
                children = Directory.Exists(dir) ? [.. Directory.EnumerateDirectories(dir).Take(MaxPodChildren).Select(Path.GetFileName).OfType<string>()] : [];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                children = [];
            }

            if (children.Length > 0)
            {
                Array.Sort(children, StringComparer.Ordinal);
                return children;
            }
        }

        return [];
    }
}
