using System.Globalization;
using LimitTop.Core.Text;
using LimitTop.Core.Native;

namespace LimitTop.Core.Model;

/// <summary>
/// Everything the witness knows, as JSON-serialisable records: the document's <c>refusals</c> field, the
/// dashboard's diagnosis line, REFUSED column and event log, <c>--why PID</c> and <c>/metrics</c>.
/// Names are escaped already (SafeText); cgroup paths are raw (escape on display, as TrendEvent does).
/// </summary>
/// <param name="Total">Refusals counted since start (restart codes excluded).</param>
/// <param name="Lost">Refusals the kernel's buffer dropped before limittop read them (per_cpu stats): exact.</param>
/// <param name="LastMinute">Refusals in the last 60 s.</param>
/// <param name="Processes">Processes refused in the last 60 s, most refused first.</param>
/// <param name="Recent">Per-second groups, newest first (one per process, errno and limit per second).</param>
/// <param name="Kernel">The kernel's own lines from /dev/kmsg, newest first.</param>
public sealed record RefusalSummary(
    WitnessStatus Witness,
    WitnessStatus KernelLog,
    long Total,
    long Lost,
    long LastMinute,
    IReadOnlyList<LimitCount> ByLimit,
    IReadOnlyList<LimitUserCount> ByLimitUser,
    IReadOnlyList<LimitCgroupCount> ByLimitCgroup,
    IReadOnlyList<ProcessRefusals> Processes,
    IReadOnlyList<RefusalEvent> Recent,
    IReadOnlyList<KernelLogEvent> Kernel)
{
    /// <summary>This process's row, when it was refused in the last 60 s (REFUSED column, --why PID).</summary>
    public ProcessRefusals? ForProcess(int pid) => Processes.FirstOrDefault(p => p.Pid == pid);
}

public sealed record LimitCount(string Limit, long Count);

/// <summary>For <c>limittop_task_creations_refused_total{limit,user}</c>; Uid null: unknown, or the overflow of the label cap.</summary>
public sealed record LimitUserCount(string Limit, int? Uid, long Count);

/// <summary>For <c>limittop_task_creations_refused_total{limit,cgroup}</c>: the asker's pids cgroup ("" unknown, "other" beyond the cap).</summary>
public sealed record LimitCgroupCount(string Limit, string Cgroup, long Count);

/// <summary>A process refused in the last 60 s: the REFUSED column and --why PID.</summary>
public sealed record ProcessRefusals(int Pid, string Name, int? Uid, long LastMinute, string Limit, int Errno, DateTimeOffset Last);

/// <summary>
/// One line of the event log: <paramref name="Count"/> refusals of one process with one errno by one limit
/// within the second starting at <paramref name="Time"/>.
/// </summary>
public sealed record RefusalEvent(DateTimeOffset Time, int Pid, string Name, int? Uid, int Errno, string Limit, string? Cgroup, long Count)
{
    public string ErrnoName => RefusalLimits.Name(Errno);

    /// <summary>"12:00:01 myapp pid 4242 (uid 1001): 37 task creations refused by nproc (EAGAIN)".</summary>
    public string Describe(Func<int, string>? userName = null)
    {
        var inv = CultureInfo.InvariantCulture;
        string who = Uid is { } u ? $" ({(userName is null ? string.Create(inv, $"uid {u}") : "user " + SafeText.Escape(userName(u)))})" : "";
        string by = Cgroup is { } c ? $"{Limit} of {SafeText.Escape(c)}" : Limit;
        return string.Create(inv,
            $"{Time.UtcDateTime:HH':'mm':'ss} {Name} pid {Pid}{who}: {Count:N0} task creation{(Count == 1 ? "" : "s")} refused by {by} ({ErrnoName})");
    }

    public override string ToString() => Describe();
}
