using LimitTop.Core.Model;
using LimitTop.Core.Why;

namespace LimitTop.Dashboard;

/// <summary>What a row of the tree view adds to its process: the glyphs before COMMAND and its whole subtree's tasks.</summary>
/// <param name="Glyphs">htop's guides: "│  " where an ancestor has a later sibling, "├─ " or "└─ " before the process.</param>
/// <param name="Folded">Its children are hidden (htop's fold); the Σ still counts them.</param>
public sealed record TreeCell(string Glyphs, int Depth, long SubtreeTasks, int SubtreeProcesses, bool HasChildren, bool Folded = false);

/// <summary>
/// The tree view of the table (F5 / t): processes under their parents (<see cref="ProcessTree"/>), siblings in the
/// table's sort order. A filter keeps the matching processes and their ancestors, so a match still shows where it
/// hangs; the subtree totals always count the whole subtree, filtered-out descendants included.
/// </summary>
public static class TreeLayout
{
    public static (List<ProcessSample> Rows, List<TreeCell> Cells) Build(IReadOnlyList<ProcessSample> visible, Func<ProcessSample, bool> keep,
        Comparison<ProcessSample> siblingOrder, IReadOnlySet<int>? folded = null)
    {
        var tree = ProcessTree.Build(visible, siblingOrder);
        var kept = Fold(Keep(tree, keep), folded);
        var rows = new List<ProcessSample>(kept.Count);
        var cells = new TreeCell[kept.Count];
        var more = new List<bool>(); // more[d]: a later row at depth d is a sibling of the row's ancestor at d
        for (int i = kept.Count - 1; i >= 0; i--)
        {
            var r = kept[i];
            int d = r.Depth;
            while (more.Count <= d)
            {
                more.Add(false);
            }

            var sb = new System.Text.StringBuilder(d * 3);
            for (int k = 1; k < d; k++)
            {
                sb.Append(more[k] ? "│  " : "   ");
            }

            if (d > 0)
            {
                sb.Append(more[d] ? "├─ " : "└─ ");
            }

            cells[i] = new TreeCell(sb.ToString(), d, r.SubtreeTasks, r.SubtreeProcesses, r.HasChildren, r.HasChildren && folded?.Contains(r.Process.Pid) == true);
            more[d] = true;
            for (int j = d + 1; j < more.Count; j++)
            {
                more[j] = false;
            }
        }

        foreach (var r in kept)
        {
            rows.Add(r.Process);
        }

        return (rows, cells.ToList());
    }

    /// <summary>The rows without the descendants of a folded row (tree order stays).</summary>
    private static List<TreeRow> Fold(List<TreeRow> rows, IReadOnlySet<int>? folded)
    {
        if (folded is null || folded.Count == 0)
        {
            return rows;
        }

        var result = new List<TreeRow>(rows.Count);
        int hideBelow = int.MaxValue; // depth of the folded row whose subtree is being skipped
        foreach (var r in rows)
        {
            if (r.Depth > hideBelow)
            {
                continue;
            }

            hideBelow = r.HasChildren && folded.Contains(r.Process.Pid) ? r.Depth : int.MaxValue;
            result.Add(r);
        }

        return result;
    }

    /// <summary>The rows that pass <paramref name="keep"/>, each with its chain of ancestors (tree order stays).</summary>
    private static List<TreeRow> Keep(IReadOnlyList<TreeRow> tree, Func<ProcessSample, bool> keep)
    {
        var result = new List<TreeRow>(tree.Count);
        var path = new List<TreeRow>(); // the current row's ancestors, by depth
        var emitted = new List<bool>();
        foreach (var r in tree)
        {
            int d = Math.Min(r.Depth, path.Count);
            path.RemoveRange(d, path.Count - d);
            emitted.RemoveRange(d, emitted.Count - d);
            path.Add(r);
            emitted.Add(false);
            if (!keep(r.Process))
            {
                continue;
            }

            for (int k = 0; k < path.Count; k++)
            {
                if (!emitted[k])
                {
                    // an ancestor kept only for its descendant: its depth is its place in the chain
                    result.Add(path[k] with { Depth = k });
                    emitted[k] = true;
                }
            }
        }

        return result;
    }
}
