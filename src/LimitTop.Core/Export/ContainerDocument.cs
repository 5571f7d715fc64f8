using LimitTop.Core.Model;
using LimitTop.Core.Naming;

namespace LimitTop.Core.Export;

/// <summary>
/// The "container" member of a cgroup or process in the JSON contract: who made the cgroup (docs/container-names.md).
/// Null — not an empty object — when the cgroup is no container's (systemd units, logins, plain paths). Every
/// string is already escaped by the namer; a field the runtime's files did not give is null.
/// </summary>
public sealed record ContainerDocument(string Runtime, string? Id, string? Name, string? Pod, string? Namespace, string Display)
{
    public static ContainerDocument? From(CgroupName? name)
        => name is { IsContainer: true, Runtime: { } runtime }
            ? new ContainerDocument(runtime, name.Id, name.Name, name.Pod, name.Namespace, name.Display)
            : null;
}

/// <summary>
/// The Prometheus labels beside <c>cgroup</c>: <c>container</c> (the name, else the 12-digit id), <c>pod</c>,
/// <c>namespace</c>; empty strings when none applies (an empty label is an absent label to Prometheus). One value
/// per cgroup path, so they add no series beyond today's per-cgroup bound.
/// </summary>
public readonly record struct ContainerLabels(string Container, string Pod, string Namespace)
{
    public static ContainerLabels From(CgroupName? name)
        => name is { IsContainer: true }
            ? new ContainerLabels(name.Name ?? (name.Id is { } id ? NameText.ShortId(id) : ""), name.Pod ?? "", name.Namespace ?? "")
            : new ContainerLabels("", "", "");
}
