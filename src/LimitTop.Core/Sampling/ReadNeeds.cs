namespace LimitTop.Core.Sampling;

/// <summary>
/// The optional per-process reads, as htop's column flags: what the sampler scans only when something on screen
/// (or in the export) needs it. Everything else a process sample holds comes from files the diagnosis needs
/// anyway (stat, status, limits, cgroup, cmdline). Set <see cref="Sampler.Needs"/> from the visible columns
/// (<c>Columns/ColumnSpec.NeedsOf</c>); --once, --json and dumps keep <see cref="All"/>.
/// </summary>
[Flags]
public enum ReadNeeds
{
    None = 0,

    /// <summary>The open-fd count of every process: stat(/proc/PID/fd), or a listing of it before kernel 6.2.</summary>
    FdCounts = 1,

    /// <summary>The fd → socket scan: one readlink per fd of every process, every 10 s (the SOCK column).</summary>
    ProcessSockets = 2,

    All = FdCounts | ProcessSockets,
}
