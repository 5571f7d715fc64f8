using LimitTop.Core.Model;
using LimitTop.Core.Trends;

namespace LimitTop.Dashboard;

/// <summary>The rows the table shows for one snapshot and one UI state: filtered, sorted, in display order.</summary>
public sealed class ProcessTable
{
    private readonly Dictionary<int, int> _indexByPid;

    private ProcessTable(IReadOnlyList<ProcessSample> rows, int total, int hiddenKernel, IReadOnlyDictionary<int, ProcessDelta>? deltas = null, IReadOnlyList<TreeCell>? tree = null)
    {
        Deltas = deltas;
        Rows = rows;
        Tree = tree;
        Total = total;
        HiddenKernelThreads = hiddenKernel;
        _indexByPid = new Dictionary<int, int>(rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            _indexByPid[rows[i].Pid] = i;
        }
    }

    public static readonly ProcessTable Empty = new([], 0, 0);

    public IReadOnlyList<ProcessSample> Rows { get; }

    /// <summary>The tree view's glyphs and subtree totals, one per row; null in the flat view.</summary>
    public IReadOnlyList<TreeCell>? Tree { get; }

    /// <summary>Processes in the snapshot before any filter.</summary>
    public int Total { get; }

    public int HiddenKernelThreads { get; }

    public int Count => Rows.Count;

    /// <summary>Δ/min per PID of the snapshot the rows come from (the Δ columns); null before trends know any.</summary>
    public IReadOnlyDictionary<int, ProcessDelta>? Deltas { get; }

    public int IndexOf(int pid) => _indexByPid.TryGetValue(pid, out int i) ? i : -1;

    public static ProcessTable Build(Snapshot? snapshot, ViewOptions o, IReadOnlyDictionary<int, ProcessDelta>? deltas = null)
    {
        if (snapshot is null)
        {
            return Empty;
        }

        var rows = new List<ProcessSample>(snapshot.Processes.Count);
        int hiddenKernel = 0;
        foreach (var p in snapshot.Processes)
        {
            if (p.IsKernelThread && !o.ShowKernelThreads)
            {
                hiddenKernel++;
                continue;
            }

            if (o.Tree || Passes(p, o))
            {
                rows.Add(p);
            }
        }

        var spec = ColumnSpec.Of(o.SortColumn);
        var context = new ColumnContext(snapshot.Grades, deltas, snapshot);
        bool descending = spec.DescendingByDefault ^ o.SortInverted;
        int Order(ProcessSample a, ProcessSample b)
        {
            int c = spec.Compare(a, b, context);
            if (descending)
            {
                c = -c;
            }

            // Ties keep a stable order across refreshes so rows do not jump.
            return c != 0 ? c : a.Pid.CompareTo(b.Pid);
        }

        if (o.Tree)
        {
            var (treeRows, cells) = TreeLayout.Build(rows, p => Passes(p, o), Order, o.Folded);
            return new ProcessTable(treeRows, snapshot.Processes.Count, hiddenKernel, deltas, cells);
        }

        rows.Sort(Order);
        return new ProcessTable(rows, snapshot.Processes.Count, hiddenKernel, deltas);
    }

    private static bool Passes(ProcessSample p, ViewOptions o)
        => (o.UserFilter is not { } uid || p.Uid == uid) && (o.Filter.Length == 0 || Matches(p, o.Filter));

    /// <summary>Name, command line or PID contains the text (case-insensitive).</summary>
    public static bool Matches(ProcessSample p, string text)
        => p.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
           || p.Cmdline.Contains(text, StringComparison.OrdinalIgnoreCase)
           || (text.Length > 0 && char.IsAsciiDigit(text[0]) && Cells.Exact(p.Pid).Equals(text, StringComparison.Ordinal));

    /// <summary>Index of the next row after <paramref name="from"/> (wrapping) that matches; -1 when none.</summary>
    public int FindNext(string text, int from, bool includeCurrent)
    {
        if (text.Length == 0 || Rows.Count == 0)
        {
            return -1;
        }

        int start = includeCurrent ? Math.Max(0, from) : from + 1;
        for (int k = 0; k < Rows.Count; k++)
        {
            int i = ((start + k) % Rows.Count + Rows.Count) % Rows.Count;
            if (Matches(Rows[i], text))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>The choices that shape the table (what the keys change).</summary>
public sealed record ViewOptions
{
    public ProcessColumn SortColumn { get; init; } = ProcessColumn.Threads;
    public bool SortInverted { get; init; }
    public string Filter { get; init; } = "";
    public int? UserFilter { get; init; }
    public bool ShowKernelThreads { get; init; }

    /// <summary>Processes under their parents with subtree totals (F5 / t) instead of one sorted list.</summary>
    public bool Tree { get; init; }

    /// <summary>PIDs whose children the tree view hides (htop's fold: - folds, + unfolds); saved with the settings.</summary>
    public IReadOnlySet<int> Folded { get; init; } = NoneFolded;

    /// <summary>The one empty fold set (records compare it by reference: equal options share it).</summary>
    public static readonly IReadOnlySet<int> NoneFolded = new HashSet<int>();

    /// <summary>The visible columns in screen order (the F2 setup screen); PID, THR and COMMAND are always there.</summary>
    public IReadOnlyList<ProcessColumn> Columns { get; init; } = ColumnSpec.Defaults;

    /// <summary>True when <paramref name="b"/> orders or filters the rows differently from <paramref name="a"/> (the table then shows its top).</summary>
    public static bool Reorders(ViewOptions a, ViewOptions b)
        => a.SortColumn != b.SortColumn || a.SortInverted != b.SortInverted || a.Filter != b.Filter
           || a.UserFilter != b.UserFilter || a.ShowKernelThreads != b.ShowKernelThreads || a.Tree != b.Tree;
}
