namespace LimitTop.Core.Procfs;

/// <summary>Where /proc, /sys and /etc are: the real ones, or a captured fixture tree.</summary>
public sealed record ProcRoot(string Proc = "/proc", string Sys = "/sys", string Etc = "/etc")
{
    public static ProcRoot Default { get; } = new();

    /// <summary>True when reading the live kernel rather than a fixture.</summary>
    public bool IsLive => Proc == "/proc";
}
