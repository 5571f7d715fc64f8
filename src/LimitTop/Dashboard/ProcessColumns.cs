using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Core.Trends;

namespace LimitTop.Dashboard;

public enum ProcessColumn
{
    Pid,
    User,
    Threads,
    Fds,
    NofilePercent,
    Nproc,
    Sockets,
    ThreadsDelta,
    FdsDelta,
    SocketsDelta,
    Refused,
    Cgroup,
    State,
    Cpu,
    Rss,
    Command,
}

/// <summary>
/// Column metadata in one table (as htop does): title, width, alignment, default direction, how it sorts and
/// how a cell reads. <see cref="DropOrder"/> says which columns fold away first on a narrow terminal.
/// </summary>
public sealed record ColumnSpec(
    ProcessColumn Column,
    string Title,
    int Width,
    bool Right,
    bool DescendingByDefault,
    int DropOrder,
    string Help)
{
    public static readonly IReadOnlyList<ColumnSpec> All =
    [
        new(ProcessColumn.Pid, "PID", 7, true, false, 99, "process id"),
        new(ProcessColumn.User, "USER", 9, false, false, 9, "real user (the uid RLIMIT_NPROC charges)"),
        new(ProcessColumn.Threads, "THR", 6, true, true, 99, "tasks (threads) the kernel charges to the user"),
        new(ProcessColumn.Fds, "FDS", 6, true, true, 7, "open file descriptors"),
        new(ProcessColumn.NofilePercent, "NOFILE%", 7, true, true, 8, "fds vs soft RLIMIT_NOFILE"),
        new(ProcessColumn.Nproc, "NPROC", 7, true, false, 4, "soft RLIMIT_NPROC of the process"),
        new(ProcessColumn.Sockets, "SOCK", 5, true, true, 3, "sockets held"),
        // Δ/min over the last minute (Core/Trends/ProcessDeltas.cs): first to fold away on a narrow terminal
        new(ProcessColumn.ThreadsDelta, "ΔTHR/m", 6, true, true, 0, "threads gained per minute (last minute)"),
        new(ProcessColumn.FdsDelta, "ΔFD/m", 6, true, true, 0, "fds gained per minute (last minute)"),
        new(ProcessColumn.SocketsDelta, "ΔSOCK/m", 7, true, true, 0, "sockets gained per minute (last minute)"),
        // the refusal witness (Core/Witness); "-" when it does not run (not root, --no-witness)
        new(ProcessColumn.Refused, "REFUSED", 7, true, true, 0, "task creations the kernel refused it in the last 60 s"),
        new(ProcessColumn.Cgroup, "CGROUP", 16, false, false, 1, "pids cgroup"),
        new(ProcessColumn.State, "S", 1, false, false, 5, "state letter (R S D Z T I)"),
        new(ProcessColumn.Cpu, "CPU%", 5, true, true, 6, "CPU since the previous sample, % of one core"),
        new(ProcessColumn.Rss, "RSS", 6, true, true, 2, "resident memory"),
        new(ProcessColumn.Command, "COMMAND", 0, false, false, 99, "command line ([name] for kernel threads)"),
    ];

    public static ColumnSpec Of(ProcessColumn c) => All[(int)c];

    public static string CommandOf(ProcessSample p) => p.Cmdline.Length > 0 ? p.Cmdline : "[" + p.Name + "]";

    /// <summary>The cell's text; percents come from the snapshot's <see cref="Grades"/>, Δ/min from <paramref name="deltas"/>.</summary>
    public string Cell(ProcessSample p, Grades grades, IReadOnlyDictionary<int, ProcessDelta>? deltas = null) => Column switch
    {
        ProcessColumn.ThreadsDelta => Cells.PerMinute(DeltaOf(p, deltas).ThreadsPerMinute),
        ProcessColumn.FdsDelta => Cells.PerMinute(DeltaOf(p, deltas).FdsPerMinute),
        ProcessColumn.SocketsDelta => Cells.PerMinute(DeltaOf(p, deltas).SocketsPerMinute),
        ProcessColumn.Pid => Cells.Exact(p.Pid),
        ProcessColumn.User => p.User,
        ProcessColumn.Threads => Cells.Exact(p.Threads),
        ProcessColumn.Fds => Cells.Exact(p.Fds),
        ProcessColumn.NofilePercent => grades.NofilePercent(p) is { } pct ? Cells.Percent(pct) : "-",
        ProcessColumn.Nproc => p.Limits is { } l ? Cells.LimitCell(l.Nproc.Soft) : "?",
        // kernel threads hold no fds; for others null means the fd directory could not be read (unknown) or the
        // scan has not reached the process yet (pending: the first frame defers it)
        ProcessColumn.Sockets => p.IsKernelThread ? "-" : Cells.Exact(p.Sockets, p.SocketsPending ? Cells.Pending : "?"),
        ProcessColumn.Cgroup => p.Cgroup is { } cg ? Core.Text.SafeText.Escape(cg) : "-", // cgroup names are made by users
        ProcessColumn.State => p.State.ToString(),
        ProcessColumn.Cpu => Cells.Cpu(p.CpuPercent),
        ProcessColumn.Rss => Cells.Bytes(p.RssBytes),
        ProcessColumn.Command => CommandOf(p),
        ProcessColumn.Refused => grades.Refused(p) is { } n ? Cells.Exact(n) : "-",
        _ => "",
    };

    /// <summary>Compares two processes in ascending order; unknown values sort as the smallest.</summary>
    public int Compare(ProcessSample a, ProcessSample b, Grades grades, IReadOnlyDictionary<int, ProcessDelta>? deltas = null) => Column switch
    {
        ProcessColumn.ThreadsDelta => Nullable.Compare(DeltaOf(a, deltas).ThreadsPerMinute, DeltaOf(b, deltas).ThreadsPerMinute),
        ProcessColumn.FdsDelta => Nullable.Compare(DeltaOf(a, deltas).FdsPerMinute, DeltaOf(b, deltas).FdsPerMinute),
        ProcessColumn.SocketsDelta => Nullable.Compare(DeltaOf(a, deltas).SocketsPerMinute, DeltaOf(b, deltas).SocketsPerMinute),
        ProcessColumn.Pid => a.Pid.CompareTo(b.Pid),
        ProcessColumn.User => string.CompareOrdinal(a.User, b.User),
        ProcessColumn.Threads => a.Threads.CompareTo(b.Threads),
        ProcessColumn.Fds => Nullable.Compare(a.Fds, b.Fds),
        ProcessColumn.NofilePercent => Nullable.Compare(grades.NofilePercent(a), grades.NofilePercent(b)),
        // unlimited (null) is the largest limit, unknown (no limits read) the smallest
        ProcessColumn.Nproc => NprocKey(a).CompareTo(NprocKey(b)),
        ProcessColumn.Sockets => Nullable.Compare(a.Sockets, b.Sockets),
        ProcessColumn.Cgroup => string.CompareOrdinal(a.Cgroup, b.Cgroup),
        ProcessColumn.State => a.State.CompareTo(b.State),
        ProcessColumn.Cpu => Nullable.Compare(a.CpuPercent, b.CpuPercent),
        ProcessColumn.Rss => a.RssBytes.CompareTo(b.RssBytes),
        ProcessColumn.Command => string.CompareOrdinal(CommandOf(a), CommandOf(b)),
        ProcessColumn.Refused => Nullable.Compare(grades.Refused(a), grades.Refused(b)),
        _ => 0,
    };

    /// <summary>No delta yet (under 10 s of history, or no map) reads as unknown: "-", sorted as the smallest.</summary>
    private static ProcessDelta DeltaOf(ProcessSample p, IReadOnlyDictionary<int, ProcessDelta>? deltas)
        => deltas is not null && deltas.TryGetValue(p.Pid, out var d) ? d : default;

    private static long NprocKey(ProcessSample p) => p.Limits is { } l ? l.Nproc.Soft ?? long.MaxValue : -1;
}
