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

    /// <summary>An event's or finding's scope in words: a cgroup named as above, any other scope's key escaped as it is.</summary>
    public static string Scope(IReadOnlyDictionary<string, CgroupName>? names, Scope scope)
        => scope.Kind == ScopeKind.Cgroup && Named(names, scope.Id) is { } n ? Of(n) : SafeText.Escape(scope.Key);

    /// <summary>A scope in a sentence: a cgroup named as above, any other as its key with the first colon a space ("user bob", "cgroup /a"), escaped.</summary>
    public static string Words(IReadOnlyDictionary<string, CgroupName>? names, Scope scope)
    {
        if (scope.Kind == ScopeKind.Cgroup && Named(names, scope.Id) is { } n)
        {
            return Of(n);
        }

        string key = scope.Key;
        int colon = key.IndexOf(':', StringComparison.Ordinal);
        return SafeText.Escape(colon < 0 ? key : key[..colon] + " " + key[(colon + 1)..]); // a path or a name is the users' bytes
    }

    /// <summary>The container a process runs in (its cgroup named as a container); null for the host's processes.</summary>
    public static CgroupName? ContainerOf(IReadOnlyDictionary<string, CgroupName>? names, ProcessSample p)
        => Named(names, p.Cgroup) is { IsContainer: true } n ? n : null;
}
