namespace LimitTop.Core.Naming;

/// <summary>What a runtime's file says of one container; <see cref="Source"/> is the file to watch for changes.</summary>
public readonly record struct ContainerFacts(string? Name, string? Pod, string? Namespace, string Source, string? Failure);

/// <summary>
/// Where each runtime writes a container's name, and reading it (docs/container-names.md):
/// docker config.v2.json; Podman's containers.json (rootful, or the owner's rootless store); containerd's task bundle
/// config.json (CRI annotations); CRI-O's userdata/config.json (io.kubernetes.* annotations). Every read is bounded
/// (<see cref="NamerFileReader"/>) and any failure comes back as <see cref="ContainerFacts.Failure"/>, never thrown.
/// </summary>
public sealed class ContainerFiles
{
    private static readonly string[] DockerKeys =
        ["Name", "Config/Labels/io.kubernetes.pod.namespace", "Config/Labels/io.kubernetes.pod.name", "Config/Labels/io.kubernetes.container.name"];

    private static readonly string[] ContainerdKeys =
        ["annotations/io.kubernetes.cri.sandbox-namespace", "annotations/io.kubernetes.cri.sandbox-name", "annotations/io.kubernetes.cri.container-name",
         "annotations/io.kubernetes.cri.container-type"];

    private static readonly string[] CrioKeys =
        ["annotations/io.kubernetes.pod.namespace", "annotations/io.kubernetes.pod.name", "annotations/io.kubernetes.container.name"];

    private readonly StateRoots _state;
    private readonly PasswdHomes _passwd;
    private readonly PodmanStoreIndex _podman = new();

    public ContainerFiles(StateRoots state, PasswdHomes passwd)
    {
        _state = state;
        _passwd = passwd;
    }

    public string DockerConfig(string id) => Path.Combine(_state.VarLib, "docker", "containers", id, "config.v2.json");

    public string DockerHostConfig(string id) => Path.Combine(_state.VarLib, "docker", "containers", id, "hostconfig.json");

    public string ContainerdBundle(string id) => Path.Combine(_state.Run, "containerd", "io.containerd.runtime.v2.task", "k8s.io", id, "config.json");

    public string CrioConfig(string id) => Path.Combine(_state.Run, "containers", "storage", "overlay-containers", id, "userdata", "config.json");

    /// <summary>The containers/storage root of a rootful store, or of <paramref name="uid"/>'s rootless one (~/.local/share/containers/storage).</summary>
    public string? PodmanStorage(int? uid)
    {
        if (uid is not { } u || u == 0)
        {
            return Path.Combine(_state.VarLib, "containers", "storage");
        }

        return _passwd.HomeOf(u) is { } home ? Path.Combine(home, ".local", "share", "containers", "storage") : null;
    }

    public string? PodmanStore(int? uid) => PodmanStorage(uid) is { } s ? Path.Combine(s, "overlay-containers", "containers.json") : null;

    /// <summary>The container's OCI config that Podman generated (userdata/config.json): its pids limit.</summary>
    public string? PodmanOciConfig(string id, int? uid) => PodmanStorage(uid) is { } s ? Path.Combine(s, "overlay-containers", id, "userdata", "config.json") : null;

    public ContainerFacts Docker(string id)
    {
        string file = DockerConfig(id);
        var found = Pick(file, DockerKeys, out string? failure);
        string? name = found.GetValueOrDefault("Name") is { } n ? n.TrimStart('/') : null;
        return new ContainerFacts(Kube(found, "Config/Labels/io.kubernetes.container.name") ?? NonEmpty(name),
            Kube(found, "Config/Labels/io.kubernetes.pod.name"), Kube(found, "Config/Labels/io.kubernetes.pod.namespace"), file, Missing(failure, name));
    }

    public ContainerFacts Podman(string id, int? uid)
    {
        if (PodmanStore(uid) is not { } store)
        {
            return new ContainerFacts(null, null, null, _passwd.File, $"uid {uid} has no home directory in passwd");
        }

        string? name = _podman.Name(store, id, out string? failure);
        return new ContainerFacts(NonEmpty(name), null, null, store, name is null ? failure : null);
    }

    public ContainerFacts Containerd(string id)
    {
        string file = ContainerdBundle(id);
        var found = Pick(file, ContainerdKeys, out string? failure);
        string? container = Kube(found, "annotations/io.kubernetes.cri.container-name");
        bool sandbox = found.GetValueOrDefault("annotations/io.kubernetes.cri.container-type") == "sandbox";
        return new ContainerFacts(sandbox ? "(sandbox)" : container, Kube(found, "annotations/io.kubernetes.cri.sandbox-name"),
            Kube(found, "annotations/io.kubernetes.cri.sandbox-namespace"), file, Missing(failure, container ?? (sandbox ? "" : null)));
    }

    public ContainerFacts CriO(string id)
    {
        string file = CrioConfig(id);
        var found = Pick(file, CrioKeys, out string? failure);
        string? container = Kube(found, "annotations/io.kubernetes.container.name");
        return new ContainerFacts(container, Kube(found, "annotations/io.kubernetes.pod.name"), Kube(found, "annotations/io.kubernetes.pod.namespace"),
            file, Missing(failure, container));
    }

    /// <summary>Values of <paramref name="keys"/> in a bounded JSON file; empty with the reason when unreadable or malformed.</summary>
    public static Dictionary<string, string> Pick(string file, IReadOnlyList<string> keys, out string? failure)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        byte[]? bytes = NamerFileReader.Read(file, NamerFileReader.ConfigCap, out _, out failure);
        if (bytes is not null && !JsonPick.TryPick(bytes, keys, found))
        {
            failure = "malformed JSON";
            found.Clear();
        }

        return found;
    }

    private static string? Kube(Dictionary<string, string> found, string key) => NonEmpty(found.GetValueOrDefault(key));

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string? Missing(string? failure, string? name) => failure ?? (name is null ? "the file names no container" : null);
}
