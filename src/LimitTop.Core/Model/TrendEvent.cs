namespace LimitTop.Core.Model;

/// <summary>
/// Something that happened between two ticks: a refused fork counted by a pids cgroup's <c>pids.events</c>
/// (<see cref="ForkRejected"/>), a user, threads-max or pid_max reaching its limit (<see cref="LimitReached"/>;
/// the kernel keeps no counter for those), a finding turning critical (<see cref="Critical"/>), or what the refusal
/// witness saw: refused task creations (<see cref="Refused"/>, <see cref="RefusalBurst"/>) and the kernel's own log
/// lines (<see cref="KernelLog"/>).
/// </summary>
/// <param name="Time">The snapshot in which it was seen (at most one refresh interval after it happened).</param>
/// <param name="Kind">"fork-rejected", "limit-reached", "critical", "refused", "refusal-burst" or "kernel" (the JSON contract).</param>
/// <param name="Scope">As in the diagnosis (system, a user, a cgroup), or the refused process (<see cref="ScopeKind.Pid"/>: "pid:PID NAME").</param>
/// <param name="Limit">As in the diagnosis (pids.max, nproc, threads-max, pid_max …), or what else refused or the kernel reported.</param>
/// <param name="Count">fork-rejected: forks refused since the previous tick; otherwise the figure in use.</param>
/// <param name="CulpritPid">The process holding the most tasks of the scope at that moment, when known.</param>
/// <param name="CulpritName">Its command name (already escaped, as every name in a snapshot).</param>
public sealed record TrendEvent(
    DateTimeOffset Time, string Kind, Scope Scope, EventLimit Limit, long Count, int? CulpritPid, string? CulpritName)
{
    public const string ForkRejected = "fork-rejected";
    public const string LimitReached = "limit-reached";
    public const string Critical = "critical";

    /// <summary>Task creations of one process refused with one errno by one limit within one second (the refusal witness).</summary>
    public const string Refused = "refused";

    /// <summary>The first refusals after a quiet spell (the flight recorder's trigger; the witness's BurstStarted).</summary>
    public const string RefusalBurst = "refusal-burst";

    /// <summary>A kernel log line about a limit (/dev/kmsg: pids fork rejected, OOM kill, conntrack full …).</summary>
    public const string KernelLog = "kernel";

    /// <summary>The line as written (refused, refusal-burst, kernel: built and escaped by the witness); null for the other kinds.</summary>
    public string? Text { get; init; }

    /// <summary>One line for a log panel or the text report (a cgroup path is escaped here: the scope keeps it raw).</summary>
    public override string ToString() => Line(null);

    /// <summary>The line with a cgroup scope named from <paramref name="names"/> ("container ltc1 (podman): 3 forks refused …").</summary>
    public string Line(IReadOnlyDictionary<string, CgroupName>? names)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (Text is { } line)
        {
            return line;
        }

        string who = CulpritPid is { } pid ? string.Create(inv, $"; {CulpritName} pid {pid} holds the most tasks") : "";
        string what = Kind switch
        {
            ForkRejected => string.Create(inv, $"{Count:N0} fork{(Count == 1 ? "" : "s")} refused by {Limit}"),
            LimitReached => string.Create(inv, $"{Limit} reached ({Count:N0})"),
            _ => string.Create(inv, $"{Limit} critical ({Count:N0})"),
        };
        return string.Create(inv, $"{Time.UtcDateTime:HH':'mm':'ss} {CgroupLabels.Scope(names, Scope)}: {what}{who}");
    }
}
