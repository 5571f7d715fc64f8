using LimitTop.Core.Model;

namespace LimitTop.Ui;

/// <summary>The rows the table shows for one snapshot and one UI state: filtered, sorted, in display order.</summary>
public sealed class ProcessTable
{
    private readonly Dictionary<int, int> _indexByPid;

    private ProcessTable(IReadOnlyList<ProcessSample> rows, int total, int hiddenKernel)
    {
        Rows = rows;
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

    /// <summary>Processes in the snapshot before any filter.</summary>
    public int Total { get; }

    public int HiddenKernelThreads { get; }

    public int Count => Rows.Count;

    public int IndexOf(int pid) => _indexByPid.TryGetValue(pid, out int i) ? i : -1;

    public static ProcessTable Build(Snapshot? snapshot, ViewOptions o)
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

            if (o.UserFilter is { } uid && p.Uid != uid)
            {
                continue;
            }

            if (o.Filter.Length > 0 && !Matches(p, o.Filter))
            {
                continue;
            }

            rows.Add(p);
        }

        var spec = ColumnSpec.Of(o.SortColumn);
        bool descending = spec.DescendingByDefault ^ o.SortInverted;
        rows.Sort((a, b) =>
        {
            int c = spec.Compare(a, b);
            if (descending)
            {
                c = -c;
            }

            // Ties keep a stable order across refreshes so rows do not jump.
            return c != 0 ? c : a.Pid.CompareTo(b.Pid);
        });
        return new ProcessTable(rows, snapshot.Processes.Count, hiddenKernel);
    }

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
}
