using LimitTop.Core.Model;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>The process table: an info line, the column titles (clickable) and the rows the viewport shows.</summary>
public static class TablePanel
{
    /// <summary>Columns that fit: the lowest <see cref="ColumnSpec.DropOrder"/> goes first; COMMAND gets the rest.</summary>
    public static List<ColumnSpec> FitColumns(int width, IReadOnlyList<ProcessColumn>? visible = null)
    {
        var cols = (visible ?? ColumnSpec.Defaults).Select(ColumnSpec.Of).ToList();
        const int commandMin = 12;
        const int commandBesideDeltas = 40; // the Δ/min columns (drop order 0) stay only while COMMAND stays readable
        while (cols.Where(c => c.Column != ProcessColumn.Command).Sum(c => c.Width + 1)
               + (cols.Any(c => c.DropOrder == 0) ? commandBesideDeltas : commandMin) > width)
        {
            var drop = cols.Where(c => c.DropOrder < 99).OrderBy(c => c.DropOrder).FirstOrDefault();
            if (drop is null)
            {
                break;
            }

            cols.Remove(drop);
        }

        return cols;
    }

    /// <summary>Adds the table to <paramref name="lines"/> in <paramref name="rows"/> rows and records where it landed.</summary>
    public static void Draw(DashboardScreen screen, List<StyledLine> lines, DashboardState state, PanelModels models, TableViewport view, int width, int rows)
    {
        if (rows < 2)
        {
            return;
        }

        var t = view.Table;
        var o = state.Options;
        bool info = rows >= 6;
        int body = rows - 1 - (info ? 1 : 0);
        int top = view.TopFor(body);
        if (info)
        {
            lines.Add(Info(t, o, state.Search, models.Snapshot, width, top, body));
        }

        var cols = FitColumns(width, o.Columns);
        screen.TableHeaderRow = lines.Count;
        lines.Add(Header(screen, cols, o, width));
        screen.BodyTop = lines.Count;
        screen.BodyRows = body;
        screen.TopRow = top;

        var grades = models.Grades;
        var context = new ColumnContext(grades, t.Deltas, models.Snapshot);
        for (int r = 0; r < body; r++)
        {
            int i = top + r;
            if (i >= t.Count)
            {
                lines.Add(r == 0
                    ? new StyledLine().Add(o.Filter.Length > 0 || o.UserFilter is not null ? "  no process matches the filter (Esc clears it)" : "  no process", Tone.Dim)
                    : new StyledLine());
                continue;
            }

            var p = t.Rows[i];
            bool selected = i == view.SelectedIndex;
            var line = new StyledLine(selected ? Tone.Selected : Tone.Normal);
            foreach (var c in cols)
            {
                int w = c.Column == ProcessColumn.Command ? Math.Max(0, width - line.Length) : c.Width;
                if (c.Column == ProcessColumn.Command && t.Tree is { } tree)
                {
                    w = TreePrefix(line, tree[i], selected, w);
                }

                string raw = c.Cell(p, context);
                string text = c.Column == ProcessColumn.Cgroup ? Cells.ClipStart(raw, w).PadRight(w) : Cells.Fit(raw, w, c.Right);
                Tone tone = CellTone(c.Column, p, grades, state.Search);
                if (selected)
                {
                    tone = tone switch { Tone.Critical => Tone.SelectedCritical, Tone.Warning => Tone.SelectedWarning, _ => Tone.Selected };
                }

                line.Add(text, tone);
                if (c.Column != ProcessColumn.Command)
                {
                    line.Add(" ", selected ? Tone.Selected : Tone.Normal);
                }
            }

            lines.Add(line.Clip(width).PadTo(width, selected ? Tone.Selected : Tone.Normal));
        }
    }

    /// <summary>The tree glyphs and, for a process with children, "Σ tasks" of its whole subtree; returns the room left.</summary>
    private static int TreePrefix(StyledLine line, TreeCell cell, bool selected, int room)
    {
        string glyphs = Cells.Fit(cell.Glyphs, Math.Min(cell.Glyphs.Length, room), false);
        line.Add(glyphs, selected ? Tone.Selected : Tone.Dim);
        room -= glyphs.Length;
        if (cell.HasChildren && room > 14)
        {
            string fold = cell.Folded ? "+ " : "- "; // htop's marks: + folded (press + to open), - open
            line.Add(fold, selected ? Tone.Selected : Tone.Match);
            room -= fold.Length;

            string sum = "Σ" + Cells.Exact(cell.SubtreeTasks) + " ";
            line.Add(sum, selected ? Tone.Selected : Tone.Label);
            room -= sum.Length;
        }

        return Math.Max(0, room);
    }

    private static StyledLine Header(DashboardScreen screen, List<ColumnSpec> cols, ViewOptions o, int width)
    {
        var header = new StyledLine(Tone.TableHeader);
        int x = 0;
        foreach (var c in cols)
        {
            bool sorted = c.Column == o.SortColumn;
            bool desc = c.DescendingByDefault ^ o.SortInverted;
            string title = sorted ? c.Title + (desc ? "▼" : "▲") : c.Title;
            int w = c.Column == ProcessColumn.Command ? Math.Max(0, width - x) : c.Width;
            string text = c.Column == ProcessColumn.Command ? title : Cells.Fit(title, Math.Max(w, title.Length), c.Right);
            if (c.Column != ProcessColumn.Command && text.Length > w)
            {
                text = sorted ? text[..w] : Cells.Fit(title, w, c.Right);
            }

            screen.HeaderCells.Add(new HeaderCell(x, x + Math.Max(w, 1), c.Column)); // the separator after a title counts as the title
            header.Add(text, sorted ? Tone.SortedHeader : Tone.TableHeader);
            x += text.Length;
            if (c.Column != ProcessColumn.Command)
            {
                header.Add(" ", Tone.TableHeader);
                x++;
            }
        }

        return header.Clip(width).PadTo(width, Tone.TableHeader);
    }

    private static Tone CellTone(ProcessColumn column, ProcessSample p, Core.Model.Grades grades, string search) => column switch
    {
        ProcessColumn.NofilePercent => Cells.ToneOf(grades.NofileSeverity(p)),
        ProcessColumn.Threads => grades.NprocOf(p.Uid) is var sev && sev != Severity.Ok ? Cells.ToneOf(sev) : Tone.Normal,
        ProcessColumn.State => p.State is 'Z' or 'D' ? Tone.Warning : Tone.Normal,
        ProcessColumn.Command => search.Length > 0 && ProcessTable.Matches(p, search) ? Tone.Match : p.IsKernelThread ? Tone.Dim : Tone.Normal,
        ProcessColumn.User or ProcessColumn.Cgroup => Tone.Dim,
        _ => Tone.Normal,
    };

    private static StyledLine Info(ProcessTable t, ViewOptions o, string search, Snapshot shown, int width, int top, int body)
    {
        var spec = ColumnSpec.Of(o.SortColumn);
        bool desc = spec.DescendingByDefault ^ o.SortInverted;
        var line = new StyledLine().Add(" PROCESSES", Tone.Title)
            .Add($"  {Cells.Exact(t.Count)} of {Cells.Exact(t.Total)}", Tone.Normal);
        if (t.Count > body)
        {
            // where the window sits in a table longer than the screen (htop shows it by its scroll bar)
            line.Add($" · rows {Cells.Exact(top + 1)}–{Cells.Exact(Math.Min(t.Count, top + body))}", top > 0 ? Tone.Match : Tone.Dim);
        }

        line
            .Add($" · sort {spec.Title} {(desc ? "desc" : "asc")}", Tone.Dim);
        if (o.Tree)
        {
            line.Add(" · tree, Σ = tasks of the subtree (t)", Tone.Match);
        }

        if (o.Filter.Length > 0)
        {
            line.Add(" · filter \"" + o.Filter + "\"", Tone.Match);
        }

        if (o.UserFilter is { } uid)
        {
            string name = shown.Users.FirstOrDefault(u => u.Uid == uid)?.Name ?? uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
            line.Add(" · user " + name, Tone.Match);
        }

        if (search.Length > 0)
        {
            line.Add(" · search \"" + search + "\"", Tone.Match);
        }

        if (t.HiddenKernelThreads > 0)
        {
            line.Add($" · {t.HiddenKernelThreads} kernel threads hidden (K)", Tone.Dim);
        }

        return line.Clip(width);
    }
}
