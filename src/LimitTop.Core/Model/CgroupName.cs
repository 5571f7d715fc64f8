namespace LimitTop.Core.Model;

/// <summary>What made a cgroup, read from its path (docs/container-names.md).</summary>
public enum CgroupKind
{
    /// <summary>No layout recognised: the path is all there is.</summary>
    None,
    SystemdService,
    SystemdScope,
    SystemdSlice,
    /// <summary>user-UID.slice: every login and the user manager of one uid.</summary>
    UserSlice,
    /// <summary>session-N.scope: one login session.</summary>
    Session,
    /// <summary>user@UID.service: the user's own systemd.</summary>
    UserManager,
    /// <summary>machine-NAME.scope: a systemd-nspawn container or a VM registered with systemd-machined.</summary>
    Machine,
    Docker,
    Podman,
    /// <summary>A Podman pod's slice (machine-libpod_pod_ID.slice) or cgroupfs directory.</summary>
    PodmanPod,
    /// <summary>A Kubernetes container run by containerd's CRI plugin.</summary>
    Containerd,
    /// <summary>A Kubernetes container run by CRI-O.</summary>
    CriO,
    /// <summary>A Kubernetes pod's cgroup (kubepods…-podUID.slice, /kubepods/QOS/podUID).</summary>
    KubernetesPod,
    /// <summary>A LXC or Incus container (lxc.payload.NAME, /lxc/NAME).</summary>
    Lxc,
}

/// <summary>
/// A cgroup named as the admin knows it. <see cref="Display"/> is terminal-safe and short ("ltc1 (podman)",
/// "default/web-7f9c · web (containerd)", "nginx.service", "user bob's logins"); <see cref="Path"/> is the raw
/// cgroup path for the key that shows it. Container fields are null when the cgroup is not a container's, or when
/// the runtime's files did not say (then <see cref="Display"/> falls back to the runtime and the short id).
/// </summary>
public sealed record CgroupName
{
    public required string Path { get; init; }

    public required CgroupKind Kind { get; init; }

    public required string Display { get; init; }

    /// <summary>"docker", "podman", "containerd", "cri-o", "lxc", "systemd-machined"; null for systemd units and paths.</summary>
    public string? Runtime { get; init; }

    /// <summary>The runtime's container id (64 hex for docker, podman, containerd, CRI-O), the pod UID of a pod cgroup.</summary>
    public string? Id { get; init; }

    /// <summary>The container's name (docker/podman name, Kubernetes container name, LXC name); escaped.</summary>
    public string? Name { get; init; }

    public string? Pod { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The unit name for systemd kinds ("nginx.service", "user-1000.slice").</summary>
    public string? Unit { get; init; }

    /// <summary>The uid of a user slice, session, user manager or rootless container's owner.</summary>
    public int? Uid { get; init; }

    /// <summary>True for the runtime's monitor beside the container (libpod-conmon-ID.scope, crio-conmon-ID.scope).</summary>
    public bool Monitor { get; init; }

    /// <summary>The file the name came from; null when the path alone named it.</summary>
    public string? Source { get; init; }

    /// <summary>Why the runtime's file gave no name (absent, too large, malformed); null when it did or none applies.</summary>
    public string? Failure { get; init; }

    public bool IsContainer => Kind is CgroupKind.Docker or CgroupKind.Podman or CgroupKind.PodmanPod or CgroupKind.Containerd
        or CgroupKind.CriO or CgroupKind.KubernetesPod or CgroupKind.Lxc or CgroupKind.Machine;
}
