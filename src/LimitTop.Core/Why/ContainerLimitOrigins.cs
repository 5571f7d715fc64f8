using LimitTop.Core.Model;
using System.Globalization;
using LimitTop.Core.Naming;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Why;

/// <summary>Where a cgroup's pids.max came from: one sentence ("podman --pids-limit 32"), the file that says so, the value set.</summary>
public sealed record PidsLimitOrigin(string Sentence, string? File, long? Value);

/// <summary>
/// The runtime setting that wrote a cgroup's pids.max (docs/container-names.md, "Limit origins"): Docker's
/// hostconfig.json PidsLimit; Podman's OCI config (linux.resources.pids.limit), compared with containers.conf's
/// pids_limit (2048 when no file sets it) to tell --pids-limit from the default; the kubelet's podPidsLimit for a
/// pod; CRI-O's pids_limit (crio.conf, crio.conf.d) against the container's OCI config; LXC's
/// lxc.cgroup2.pids.max/lxc.cgroup.pids.max; systemd's TasksMax=/DefaultTasksMax= through <see cref="SystemdUnits"/>.
/// Files only; null when nothing is known.
/// </summary>
public sealed class ContainerLimitOrigins
{
    /// <summary>Podman's built-in pids_limit (containers.conf(5); measured on this VM: docs/kernel-limits.md §19).</summary>
    public const long PodmanDefault = 2048;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly ProcRoot _root;
    private readonly StateRoots _state;
    private readonly ContainerFiles _files;

    public ContainerLimitOrigins(ProcRoot root, StateRoots state, ContainerFiles files)
    {
        _root = root;
        _state = state;
        _files = files;
    }

    /// <param name="binding">The name of the cgroup whose limit binds (CgroupUsage.BindingPath, named).</param>
    /// <param name="pidsMax">That cgroup's pids.max now; null for "max" or unknown.</param>
    public PidsLimitOrigin? Of(CgroupName binding, long? pidsMax)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var origin = binding.Kind switch
        {
            CgroupKind.Docker when !binding.Monitor => Docker(binding.Id!),
            CgroupKind.Podman when !binding.Monitor => Podman(binding.Id!, binding.Uid),
            CgroupKind.KubernetesPod => Kubelet(),
            CgroupKind.CriO when !binding.Monitor => CriO(binding.Id!),
            CgroupKind.Containerd => Kubelet(),
            CgroupKind.Lxc when !binding.Monitor => Lxc(binding.Name!),
            CgroupKind.SystemdService or CgroupKind.SystemdScope or CgroupKind.SystemdSlice or CgroupKind.UserSlice or CgroupKind.Session
                or CgroupKind.UserManager or CgroupKind.Machine => Systemd(binding.Path),
            _ => null,
        };
        if (origin is { Value: { } set } && pidsMax is { } now && now != set && set > 0)
        {
            origin = origin with { Sentence = origin.Sentence + string.Format(Inv, "; pids.max is {0:N0} now (written since)", now) };
        }

        return origin;
    }

    private PidsLimitOrigin Docker(string id)
    {
        string file = _files.DockerHostConfig(id);
        var v = ContainerFiles.Pick(file, ["PidsLimit"], out string? failure);
        if (failure is not null)
        {
            return new PidsLimitOrigin($"docker: {file} unreadable ({failure})", file, null);
        }

        return Long(v.GetValueOrDefault("PidsLimit")) is { } n and > 0
            ? new PidsLimitOrigin(string.Format(Inv, "docker --pids-limit {0}", n), file, n)
            : new PidsLimitOrigin("docker: no --pids-limit (PidsLimit unset)", file, null);
    }

    private PidsLimitOrigin Podman(string id, int? uid)
    {
        if (_files.PodmanOciConfig(id, uid) is not { } file)
        {
            return new PidsLimitOrigin("podman: the owner's store is unknown (no home in passwd)", null, null);
        }

        var v = ContainerFiles.Pick(file, ["linux/resources/pids/limit"], out string? failure);
        if (failure is not null)
        {
            return new PidsLimitOrigin($"podman: {file} unreadable ({failure})", file, null);
        }

        if (Long(v.GetValueOrDefault("linux/resources/pids/limit")) is not { } n || n <= 0)
        {
            return new PidsLimitOrigin("podman --pids-limit 0 or -1: no limit", file, null);
        }

        string etcRoot = Path.GetDirectoryName(Path.GetFullPath(_root.Etc).TrimEnd('/')) ?? "/";
        string[] confs = [Path.Combine(etcRoot, "usr", "share", "containers", "containers.conf"),
            .. RuntimeConfigKeys.Layered(Path.Combine(_root.Etc, "containers", "containers.conf"), Path.Combine(_root.Etc, "containers", "containers.conf.d"))];
        var conf = RuntimeConfigKeys.Last(confs, "pids_limit");
        long def = Long(conf?.Value) ?? PodmanDefault;
        if (n != def)
        {
            return new PidsLimitOrigin(string.Format(Inv, "podman --pids-limit {0}", n), file, n);
        }

        return conf is { } c
            ? new PidsLimitOrigin(string.Format(Inv, "podman's default pids_limit = {0} ({1}:{2})", n, c.File, c.Line), c.File, n)
            : new PidsLimitOrigin(string.Format(Inv, "podman's built-in default pids_limit {0} (no containers.conf sets it)", n), file, n);
    }

    private PidsLimitOrigin? Kubelet()
    {
        if (KubeletConfig.Read(_state) is not { } k)
        {
            return null;
        }

        return k.PodPidsLimit is { } n and > 0
            ? new PidsLimitOrigin(string.Format(Inv, "kubelet podPidsLimit {0} ({1})", n, k.File), k.File, n)
            : new PidsLimitOrigin($"kubelet: no podPidsLimit ({k.File}{(k.Failure is { } f ? ": " + f : "")})", k.File, null);
    }

    private PidsLimitOrigin CriO(string id)
    {
        string file = _files.CrioConfig(id);
        var v = ContainerFiles.Pick(file, ["linux/resources/pids/limit"], out _);
        long? n = Long(v.GetValueOrDefault("linux/resources/pids/limit"));
        var conf = RuntimeConfigKeys.Last(
            RuntimeConfigKeys.Layered(Path.Combine(_root.Etc, "crio", "crio.conf"), Path.Combine(_root.Etc, "crio", "crio.conf.d")), "pids_limit");
        if (conf is { } c && Long(c.Value) is { } set && (n is null || n == set))
        {
            return new PidsLimitOrigin(string.Format(Inv, "CRI-O pids_limit = {0} ({1}:{2})", set, c.File, c.Line), c.File, set);
        }

        return n is { } limit and > 0
            ? new PidsLimitOrigin(string.Format(Inv, "the container's OCI config: pids.limit {0} (not CRI-O's pids_limit)", limit), file, limit)
            : Kubelet() ?? new PidsLimitOrigin("CRI-O: no pids limit on the container", file, null);
    }

    private PidsLimitOrigin Lxc(string name)
    {
        string config = Path.Combine(_state.VarLib, "lxc", name, "config");
        var set = RuntimeConfigKeys.Last([config], "lxc.cgroup2.pids.max") ?? RuntimeConfigKeys.Last([config], "lxc.cgroup.pids.max");
        return set is { } s
            ? new PidsLimitOrigin($"lxc pids.max = {s.Value} ({s.File}:{s.Line})", s.File, Long(s.Value))
            : new PidsLimitOrigin($"lxc: no pids.max in {config}", config, null);
    }

    private PidsLimitOrigin? Systemd(string path)
    {
        if (SystemdUnits.Infer(_root.Etc, path) is not { } u)
        {
            return null;
        }

        // systemd up to v238 set a user slice's limit from logind.conf's UserTasksMax= (docs/kernel-limits.md §5).
        if (u.TasksFile is null && u.Kind == "slice" && u.Unit.StartsWith("user-", StringComparison.Ordinal)
            && RuntimeConfigKeys.Last(RuntimeConfigKeys.Layered(Path.Combine(_root.Etc, "systemd", "logind.conf"), Path.Combine(_root.Etc, "systemd", "logind.conf.d")), "UserTasksMax") is { } ut)
        {
            return new PidsLimitOrigin($"logind UserTasksMax={ut.Value} ({ut.File}:{ut.Line})", ut.File, null);
        }

        return new PidsLimitOrigin($"systemd {u.TasksSetting}{(u.TasksFile is { } f ? " (" + f + ")" : "")}", u.TasksFile, null);
    }

    private static long? Long(string? s) => long.TryParse(s, NumberStyles.AllowLeadingSign, Inv, out long n) ? n : null;
}
