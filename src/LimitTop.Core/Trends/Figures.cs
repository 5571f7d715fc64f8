using LimitTop.Core.Model;

namespace LimitTop.Core.Trends;

/// <summary>
/// The figure a series holds and its unit in words. A finding's series is named by its scope and the figure its
/// limit counts, so "nproc of user bob" and the users panel's sparkline of bob's tasks are one series.
/// </summary>
public static class Figures
{
    public const string Tasks = "tasks";
    public const string Pids = "pids";
    public const string OpenFiles = "open-files";
    public const string Signals = "signals";
    public const string Fds = "fds";
    public const string CommitMib = "commit-mib";
    public const string Threads = "threads";
    public const string Sockets = "sockets";
    public const string TimeWait = "time-wait";
    public const string TuplePorts = "tuple-ports";

    /// <summary>The figure a diagnosis limit counts ("nproc" → tasks, "pid_max" → pids …).</summary>
    public static string ForLimit(LimitKind limit) => limit switch
    {
        LimitKind.Nproc or LimitKind.ThreadsMax or LimitKind.PidsMax => Tasks,
        LimitKind.PidMax => Pids,
        LimitKind.FileMax => OpenFiles,
        LimitKind.Sigpending => Signals,
        LimitKind.Nofile => Fds,
        LimitKind.Commit => CommitMib,
        _ => limit.Name(), // kubelet-pids: a series of its own (the pods' tasks), not the system's tasks
    };

    /// <summary>The unit after a rate: "+31 tasks/min".</summary>
    public static string Unit(string figure) => figure switch
    {
        Pids => "PIDs",
        OpenFiles => "files",
        CommitMib => "MiB",
        TimeWait => "sockets",
        TuplePorts => "ports",
        LimitNames.KubeletPids => Tasks,
        _ => figure,
    };
}
