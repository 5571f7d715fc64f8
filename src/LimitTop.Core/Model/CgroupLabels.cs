using LimitTop.Core.Text;

namespace LimitTop.Core.Model;

/// <summary>
/// How a cgroup is called in a sentence, from a snapshot's <see cref="Snapshot.Names"/> (docs/container-names.md):
/// "container ltc1 (podman)", "pod default/web (pod, containerd)", "nginx.service", or "cgroup /a/b" when nothing
/// names it. Every text is terminal-safe: a name was escaped by the namer, a path is escaped here.
/// </summary>
public static class CgroupLabels
{
    /// <summary>The name of <paramref name="path"/> in <paramref name="names"/>; null when unnamed or named by its path only.</summary>
    public static CgroupName? Named(IReadOnlyDictionary<string, CgroupName>? names, string? path)
        => path is not null && names is not null && names.TryGetValue(path, out var n) && n.Kind != CgroupKind.None ? n : null;

    /// <summary>The cgroup in a sentence: "container ltc1 (podman)", "nginx.service", "cgroup /a/b".</summary>
    public static string Of(IReadOnlyDictionary<string, CgroupName>? names, string path)
        => Named(names, path) is { } n ? Of(n) : "cgroup " + SafeText.Escape(path);

    public static string Of(CgroupName n) => n.Kind switch
    {
        CgroupKind.None => "cgroup " + n.Display,
        CgroupKind.KubernetesPod or CgroupKind.PodmanPod => n.Display,
        _ when n.IsContainer => "container " + n.Display,
        _ => n.Display,
    };

    /// <summary>The short text of a cell or a panel row: the name's display, or the escaped path.</summary>
    public static string Short(IReadOnlyDictionary<string, CgroupName>? names, string path)
        => Named(names, path)?.Display ?? SafeText.Escape(path);

    /// <summary>An event's or finding's scope in words: "cgroup:PATH" named as above, any other scope escaped as it is.</summary>
    public static string Scope(IReadOnlyDictionary<string, CgroupName>? names, string scope)
        => scope.StartsWith("cgroup:", StringComparison.Ordinal) && Named(names, scope[7..]) is { } n ? Of(n) : SafeText.Escape(scope);

    /// <summary>The container a process runs in (its cgroup named as a container); null for the host's processes.</summary>
    public static CgroupName? ContainerOf(IReadOnlyDictionary<string, CgroupName>? names, ProcessSample p)
        => Named(names, p.Cgroup) is { IsContainer: true } n ? n : null;
}
