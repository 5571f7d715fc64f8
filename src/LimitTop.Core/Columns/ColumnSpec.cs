using LimitTop.Core.Model;
using LimitTop.Core.Sampling;
using LimitTop.Core.Text;
using ProcessDelta = LimitTop.Core.Trends.ProcessDelta;

namespace LimitTop.Core.Columns;

/// <summary>The process table's columns; the order of <see cref="ColumnSpec.All"/> is the screen's default order, not this one.</summary>
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
    Cgroup,
    Container,
    State,
    Cpu,
    Rss,
    Command,
    Refused,
}

/// <summary>What a cell may read besides its process: the snapshot's grades, the Δ/min map, the snapshot itself.</summary>
public readonly record struct ColumnContext(Grades Grades, IReadOnlyDictionary<int, ProcessDelta>? Deltas = null, Snapshot? Snapshot = null)
{
    /// <summary>No delta yet (under 10 s of history, or no map) reads as unknown: "-", sorted as the smallest.</summary>
    public ProcessDelta DeltaOf(ProcessSample p) => Deltas is not null && Deltas.TryGetValue(p.Pid, out var d) ? d : default;
}

/// <summary>
/// One process-table column, everything about it in one entry (as htop's table does): <paramref name="Title"/> is
/// also the name limittop.conf stores; <paramref name="Width"/> (0 = the rest of the line), alignment, default sort
/// direction; <paramref name="DropOrder"/> says which columns fold away first on a narrow terminal (lowest first,
/// 99 never); <paramref name="Reads"/> what the sampler must read while it is shown; <paramref name="Required"/>
/// cannot be hidden; <paramref name="Shown"/> is visible in a fresh setup; the cell's text and its order.
/// The screen adds only how a cell is coloured (Dashboard/Panels/TablePanel).
/// </summary>
public sealed record ColumnSpec(
    ProcessColumn Column,
    string Title,
    int Width,
    bool Right,
    bool DescendingByDefault,
    int DropOrder,
    ReadNeeds Reads,
    string Help,
    Func<ProcessSample, ColumnContext, string> Text,
    Func<ProcessSample, ProcessSample, ColumnContext, int> Order,
    bool Required = false,
    bool Shown = true)
{
    /// <summary>
    /// The one column table. ADDING A COLUMN is one entry here, placed where it should appear by default, and its
    /// member in <see cref="ProcessColumn"/> (a test checks that every member has exactly one entry): settings
    /// names, the setup screen, the sort picker, the needs of the sampler and the narrow-terminal folding all read
    /// this table. Give it <c>Shown: false</c> to offer it in the setup screen without showing it by default.
    /// </summary>
    public static readonly IReadOnlyList<ColumnSpec> All =
    [
        new(ProcessColumn.Pid, "PID", 7, true, false, 99, ReadNeeds.None, "process id",
            (p, _) => CellText.Exact(p.Pid), (a, b, _) => a.Pid.CompareTo(b.Pid), Required: true),
        new(ProcessColumn.User, "USER", 9, false, false, 9, ReadNeeds.None, "real user (the uid RLIMIT_NPROC charges)",
            (p, _) => p.User, (a, b, _) => string.CompareOrdinal(a.User, b.User)),
        new(ProcessColumn.Threads, "THR", 6, true, true, 99, ReadNeeds.None, "tasks (threads) the kernel charges to the user",
            (p, _) => CellText.Exact(p.Threads), (a, b, _) => a.Threads.CompareTo(b.Threads), Required: true),
        new(ProcessColumn.Fds, "FDS", 6, true, true, 7, ReadNeeds.FdCounts, "open file descriptors",
            (p, _) => CellText.Exact(p.Fds), (a, b, _) => Nullable.Compare(a.Fds, b.Fds)),
        new(ProcessColumn.NofilePercent, "NOFILE%", 7, true, true, 8, ReadNeeds.FdCounts, "fds vs soft RLIMIT_NOFILE",
            (p, c) => c.Grades.NofilePercent(p) is { } pct ? Figures.Percent(pct) : "-",
            (a, b, c) => Nullable.Compare(c.Grades.NofilePercent(a), c.Grades.NofilePercent(b))),
        // unlimited (null) is the largest limit, unknown (no limits read) the smallest
        new(ProcessColumn.Nproc, "NPROC", 7, true, false, 4, ReadNeeds.None, "soft RLIMIT_NPROC of the process",
            (p, _) => p.Limits is { } l ? CellText.Limit(l.Nproc.Soft) : "?", (a, b, _) => NprocKey(a).CompareTo(NprocKey(b))),
        // kernel threads hold no fds; for others null means the fd directory could not be read (unknown) or the
        // scan has not reached the process yet (pending: the first frame defers it)
        new(ProcessColumn.Sockets, "SOCK", 5, true, true, 3, ReadNeeds.ProcessSockets, "sockets held",
            (p, _) => p.IsKernelThread ? "-" : CellText.Exact(p.Sockets, p.SocketsPending ? CellText.Pending : "?"),
            (a, b, _) => Nullable.Compare(a.Sockets, b.Sockets)),
        // Δ/min over the last minute (Core/Trends/ProcessDeltas.cs): first to fold away on a narrow terminal
        new(ProcessColumn.ThreadsDelta, "ΔTHR/m", 6, true, true, 0, ReadNeeds.None, "threads gained per minute (last minute)",
            (p, c) => CellText.PerMinute(c.DeltaOf(p).ThreadsPerMinute),
            (a, b, c) => Nullable.Compare(c.DeltaOf(a).ThreadsPerMinute, c.DeltaOf(b).ThreadsPerMinute)),
        new(ProcessColumn.FdsDelta, "ΔFD/m", 6, true, true, 0, ReadNeeds.FdCounts, "fds gained per minute (last minute)",
            (p, c) => CellText.PerMinute(c.DeltaOf(p).FdsPerMinute),
            (a, b, c) => Nullable.Compare(c.DeltaOf(a).FdsPerMinute, c.DeltaOf(b).FdsPerMinute)),
        new(ProcessColumn.SocketsDelta, "ΔSOCK/m", 7, true, true, 0, ReadNeeds.ProcessSockets, "sockets gained per minute (last minute)",
            (p, c) => CellText.PerMinute(c.DeltaOf(p).SocketsPerMinute),
            (a, b, c) => Nullable.Compare(c.DeltaOf(a).SocketsPerMinute, c.DeltaOf(b).SocketsPerMinute)),
        // the refusal witness (Core/Witness): refusals in the last 60 s; "-" when it does not run (not root, --no-witness)
        new(ProcessColumn.Refused, "REFUSED", 7, true, true, 0, ReadNeeds.None, "task creations the kernel refused it in the last 60 s",
            (p, c) => c.Grades.Refused(p) is { } n ? CellText.Exact(n) : "-",
            (a, b, c) => Nullable.Compare(c.Grades.Refused(a), c.Grades.Refused(b))),
        // cgroup names are made by users: escaped
        new(ProcessColumn.Cgroup, "CGROUP", 16, false, false, 1, ReadNeeds.None, "pids cgroup",
            (p, _) => p.Cgroup is { } cg ? SafeText.Escape(cg) : "-", (a, b, _) => string.CompareOrdinal(a.Cgroup, b.Cgroup)),
        // the container, pod or machine of the process's cgroup, named (Core/Naming; docs/container-names.md); shown by
        // itself when any process runs in a container until the user chooses the columns (Dashboard/ContainerColumn)
        new(ProcessColumn.Container, "CONTAINER", 18, false, false, 1, ReadNeeds.None, "the container, pod or machine the process runs in (c filters by it)",
            (p, c) => ContainerOf(p, c) ?? "-", (a, b, c) => string.CompareOrdinal(ContainerOf(a, c), ContainerOf(b, c)), Shown: false),
        new(ProcessColumn.State, "S", 1, false, false, 5, ReadNeeds.None, "state letter (R S D Z T I)",
            (p, _) => p.State.ToString(), (a, b, _) => a.State.CompareTo(b.State)),
        new(ProcessColumn.Cpu, "CPU%", 5, true, true, 6, ReadNeeds.None, "CPU since the previous sample, % of one core",
            (p, _) => Figures.Cpu(p.CpuPercent), (a, b, _) => Nullable.Compare(a.CpuPercent, b.CpuPercent)),
        new(ProcessColumn.Rss, "RSS", 6, true, true, 2, ReadNeeds.None, "resident memory",
            (p, _) => Figures.Bytes(p.RssBytes), (a, b, _) => a.RssBytes.CompareTo(b.RssBytes)),
        new(ProcessColumn.Command, "COMMAND", 0, false, false, 99, ReadNeeds.None, "command line ([name] for kernel threads)",
            (p, _) => CellText.Command(p), (a, b, _) => string.CompareOrdinal(CellText.Command(a), CellText.Command(b)), Required: true),
    ];

    private static readonly ColumnSpec[] ByColumn = Index();

    public static ColumnSpec Of(ProcessColumn c) => ByColumn[(int)c];

    /// <summary>Where <paramref name="c"/> stands in <see cref="All"/> (the order the sort keys and the picker walk).</summary>
    public static int PositionOf(ProcessColumn c)
    {
        for (int i = 0; i < All.Count; i++)
        {
            if (All[i].Column == c)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The column a settings file or a person names (case-insensitive title), or null.</summary>
    public static ColumnSpec? Find(string name)
        => All.FirstOrDefault(c => string.Equals(c.Title, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The columns a fresh setup shows, in order.</summary>
    public static IReadOnlyList<ProcessColumn> Defaults { get; } = All.Where(c => c.Shown).Select(c => c.Column).ToArray();

    /// <summary>The titles of <see cref="Defaults"/>: what limittop.conf's <c>columns=</c> holds by default.</summary>
    public static IReadOnlyList<string> DefaultOrder { get; } = All.Where(c => c.Shown).Select(c => c.Title).ToArray();

    /// <summary>Titles of the columns that cannot be hidden: the row's identity and the figure the table ranks by default.</summary>
    public static IReadOnlySet<string> RequiredTitles { get; } = All.Where(c => c.Required).Select(c => c.Title).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// What the sampler must read for these visible columns. The fd counts also feed the Users panel's WORST
    /// NOFILE and the nofile findings of the diagnosis: pass <paramref name="nofileChecks"/> false only when the
    /// screen shows neither (the setup screen's choice), otherwise hiding FDS keeps the count.
    /// </summary>
    public static ReadNeeds NeedsOf(IEnumerable<string> visible, bool nofileChecks = true)
        => NeedsOf(visible.Select(Find).OfType<ColumnSpec>().Select(c => c.Column), nofileChecks);

    public static ReadNeeds NeedsOf(IEnumerable<ProcessColumn> visible, bool nofileChecks = true)
    {
        var needs = nofileChecks ? ReadNeeds.FdCounts : ReadNeeds.None;
        foreach (var column in visible)
        {
            needs |= Of(column).Reads;
        }

        return needs;
    }

    /// <summary>The cell's text; percents come from the snapshot's <see cref="Grades"/>, Δ/min from <paramref name="deltas"/>.</summary>
    public string Cell(ProcessSample p, Grades grades, IReadOnlyDictionary<int, ProcessDelta>? deltas = null) => Text(p, new(grades, deltas));

    public string Cell(ProcessSample p, ColumnContext context) => Text(p, context);

    /// <summary>Compares two processes in ascending order; unknown values sort as the smallest.</summary>
    public int Compare(ProcessSample a, ProcessSample b, Grades grades, IReadOnlyDictionary<int, ProcessDelta>? deltas = null) => Order(a, b, new(grades, deltas));

    public int Compare(ProcessSample a, ProcessSample b, ColumnContext context) => Order(a, b, context);

    private static string? ContainerOf(ProcessSample p, ColumnContext c) => CgroupLabels.ContainerOf(c.Snapshot?.Names, p)?.Display;

    private static long NprocKey(ProcessSample p) => p.Limits is { } l ? l.Nproc.Soft ?? long.MaxValue : -1;

    private static ColumnSpec[] Index()
    {
        var by = new ColumnSpec[Enum.GetValues<ProcessColumn>().Length];
        foreach (var c in All)
        {
            by[(int)c.Column] = c;
        }

        return by;
    }
}
