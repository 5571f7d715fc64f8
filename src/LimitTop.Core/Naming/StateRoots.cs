namespace LimitTop.Core.Naming;

/// <summary>
/// Where the container runtimes keep their state: /var/lib (docker, containers/storage, kubelet) and /run
/// (containerd's task bundles, CRI-O's run root). A fixture tree sets both, as --proc/--sys/--etc set the others.
/// </summary>
public sealed record StateRoots(string VarLib = "/var/lib", string Run = "/run")
{
    public static StateRoots Default { get; } = new();

    /// <summary>The state roots a <see cref="Procfs.ProcRoot"/> carries (--var-lib, --run).</summary>
    public static StateRoots Of(Procfs.ProcRoot root) => new(root.VarLib, root.Run);

    /// <summary>The roots of a fixture tree laid out as TREE/var/lib and TREE/run.</summary>
    public static StateRoots Under(string tree) => new(Path.Combine(tree, "var", "lib"), Path.Combine(tree, "run"));
}
