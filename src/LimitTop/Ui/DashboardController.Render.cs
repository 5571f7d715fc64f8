using LimitTop.Core.Model;

namespace LimitTop.Ui;

public sealed partial class DashboardController
{
    /// <summary>
    /// Lays out one frame. Panels shrink or fold away before the table does: the table keeps about half of
    /// what is left below the header, the users panel comes next, cgroups and sockets take what remains.
    /// </summary>
    public Screen Render(int width, int height, DateTimeOffset now)
    {
        var screen = new Screen(Math.Max(0, width), Math.Max(0, height));
        if (width < 10 || height < 3)
        {
            return screen;
        }

        var lines = new List<StyledLine> { Panels.Title(Shown, width, Interval, Frozen, now) };
        var s = Shown;
        int statusRows = 1;
        if (s is not null)
        {
            if (height >= 16)
            {
                lines.AddRange(Panels.Gauges(s, width, tall: height >= 34));
            }

            if (height >= 6)
            {
                lines.Add(Panels.Diagnosis(s, width));
            }
        }

        int remaining = height - lines.Count - statusRows;
        if (Mode == Mode.Help)
        {
            lines.AddRange(HelpLines(width, remaining));
        }
        else if (Mode == Mode.Picker && ActivePicker is { } picker)
        {
            lines.AddRange(PickerLines(picker, width, remaining));
        }
        else if (s is not null)
        {
            int tableMin = Math.Max(Math.Min(remaining, 5), remaining / 2);
            int budget = remaining - tableMin;
            if (budget >= 2)
            {
                int usersWant = 1 + s.Users.Count;
                int sideWant = height >= 20 ? 3 : 0;
                int usersLines = Math.Min(usersWant, Math.Max(2, budget - sideWant));
                lines.AddRange(Panels.Users(s, width, usersLines));
                budget -= usersLines;
                if (budget >= 3)
                {
                    lines.AddRange(SidePanels(s, width, Math.Min(budget, 10)));
                }
            }

            AddTable(screen, lines, width, height - statusRows - lines.Count);
        }

        while (lines.Count < height - statusRows)
        {
            lines.Add(new StyledLine());
        }

        if (Mode == Mode.Dialog && ActiveDialog is { } dialog)
        {
            DialogBox.Overlay(lines, dialog, width, height - statusRows);
        }

        lines.Add(StatusLine(width));
        for (int i = 0; i < height; i++)
        {
            screen.Lines[i] = lines[i].Clip(width);
        }

        return screen;
    }

    private List<StyledLine> SidePanels(Snapshot s, int width, int maxLines)
    {
        var sockets = SocketPanelData.From(s.Sockets);
        var result = new List<StyledLine>();
        if (width >= 80)
        {
            int left = width / 2;
            var cg = Panels.Cgroups(s, left - 1, maxLines);
            var so = Panels.Sockets(sockets, width - left, maxLines);
            int rows = Math.Max(cg.Count, so.Count);
            for (int i = 0; i < rows; i++)
            {
                var line = new StyledLine();
                line.AddLine(i < cg.Count ? cg[i].Clip(left - 1) : new StyledLine()).PadTo(left - 1).Add("│", Tone.Dim);
                if (i < so.Count)
                {
                    line.AddLine(so[i]);
                }

                result.Add(line);
            }
        }
        else
        {
            var cg = Panels.Cgroups(s, width, Math.Min(maxLines, 1 + Math.Max(1, (maxLines - 1) / 2)));
            result.AddRange(cg);
            result.AddRange(Panels.Sockets(sockets, width, maxLines - cg.Count));
        }

        return result;
    }

    /// <summary>Columns that fit: the lowest <see cref="ColumnSpec.DropOrder"/> goes first; COMMAND gets the rest.</summary>
    public static List<ColumnSpec> FitColumns(int width)
    {
        var cols = ColumnSpec.All.ToList();
        const int commandMin = 12;
        while (cols.Where(c => c.Column != ProcessColumn.Command).Sum(c => c.Width + 1) + commandMin > width)
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

    private void AddTable(Screen screen, List<StyledLine> lines, int width, int rows)
    {
        if (rows < 2)
        {
            return;
        }

        var t = Table;
        var s = Shown!;
        if (rows >= 6)
        {
            lines.Add(TableInfo(t, width));
            rows--;
        }

        var cols = FitColumns(width);
        var header = new StyledLine(Tone.TableHeader);
        int x = 0;
        foreach (var c in cols)
        {
            bool sorted = c.Column == _options.SortColumn;
            bool desc = c.DescendingByDefault ^ _options.SortInverted;
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

        screen.TableHeaderRow = lines.Count;
        lines.Add(header.Clip(width).PadTo(width, Tone.TableHeader));
        int body = rows - 1;
        screen.BodyTop = lines.Count;
        screen.BodyRows = body;
        PageRows = Math.Max(1, body - 1);

        if (SelectedIndex < TopRow)
        {
            TopRow = SelectedIndex;
        }
        else if (SelectedIndex >= TopRow + body)
        {
            TopRow = SelectedIndex - body + 1;
        }

        TopRow = Math.Clamp(TopRow, 0, Math.Max(0, t.Count - body));

        var nprocSeverity = s.Users.ToDictionary(u => u.Uid, u => u.Exempt ? Severity.Ok : Core.Analysis.Severities.Of(Core.Analysis.Severities.Percent(u.ChargedTasks, u.Nproc.Min)));
        for (int r = 0; r < body; r++)
        {
            int i = TopRow + r;
            if (i >= t.Count)
            {
                if (r == 0)
                {
                    lines.Add(new StyledLine().Add(_options.Filter.Length > 0 || _options.UserFilter is not null ? "  no process matches the filter (Esc clears it)" : "  no process", Tone.Dim));
                }
                else
                {
                    lines.Add(new StyledLine());
                }

                continue;
            }

            var p = t.Rows[i];
            bool selected = i == SelectedIndex;
            var line = new StyledLine(selected ? Tone.Selected : Tone.Normal);
            foreach (var c in cols)
            {
                int w = c.Column == ProcessColumn.Command ? Math.Max(0, width - line.Length) : c.Width;
                string raw = c.Cell(p);
                string text = c.Column == ProcessColumn.Cgroup ? Cells.ClipStart(raw, w).PadRight(w) : Cells.Fit(raw, w, c.Right);
                Tone tone = CellTone(c.Column, p, nprocSeverity);
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

    private Tone CellTone(ProcessColumn column, ProcessSample p, Dictionary<int, Severity> nprocSeverity) => column switch
    {
        ProcessColumn.NofilePercent => Cells.ToneOf(Core.Analysis.Severities.Of(ColumnSpec.NofilePercentOf(p))),
        ProcessColumn.Threads => nprocSeverity.TryGetValue(p.Uid, out var sev) && sev != Severity.Ok ? Cells.ToneOf(sev) : Tone.Normal,
        ProcessColumn.State => p.State is 'Z' or 'D' ? Tone.Warning : Tone.Normal,
        ProcessColumn.Command => Search.Length > 0 && ProcessTable.Matches(p, Search) ? Tone.Match : p.IsKernelThread ? Tone.Dim : Tone.Normal,
        ProcessColumn.User or ProcessColumn.Cgroup => Tone.Dim,
        _ => Tone.Normal,
    };

    private StyledLine TableInfo(ProcessTable t, int width)
    {
        var spec = ColumnSpec.Of(_options.SortColumn);
        bool desc = spec.DescendingByDefault ^ _options.SortInverted;
        var line = new StyledLine().Add(" PROCESSES", Tone.Title)
            .Add($"  {t.Count} of {t.Total}", Tone.Normal)
            .Add($" · sort {spec.Title} {(desc ? "desc" : "asc")}", Tone.Dim);
        if (_options.Filter.Length > 0)
        {
            line.Add(" · filter \"" + _options.Filter + "\"", Tone.Match);
        }

        if (_options.UserFilter is { } uid)
        {
            string name = Shown?.Users.FirstOrDefault(u => u.Uid == uid)?.Name ?? uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
            line.Add(" · user " + name, Tone.Match);
        }

        if (Search.Length > 0)
        {
            line.Add(" · search \"" + Search + "\"", Tone.Match);
        }

        if (t.HiddenKernelThreads > 0)
        {
            line.Add($" · {t.HiddenKernelThreads} kernel threads hidden (K)", Tone.Dim);
        }

        return line.Clip(width);
    }

    private static readonly (string Key, string Label)[] Hints =
    [
        ("F1", "Help"), ("/", "Search"), ("\\", "Filter"), ("u", "User"), ("F6", "Sort"), ("Spc", "Freeze"),
        ("K", "Kthr"), ("k", "Kill"), ("d", "Dump"), ("L", "Limit"), ("q", "Quit"),
    ];

    private StyledLine StatusLine(int width)
    {
        var line = new StyledLine(Tone.StatusBar);
        if (Mode is Mode.SearchPrompt or Mode.FilterPrompt)
        {
            bool search = Mode == Mode.SearchPrompt;
            line.Add(search ? " Search: " : " Filter: ", Tone.Key).Add(Prompt + "_", Tone.StatusBar)
                .Add(search ? "   Enter keep · F3 next · Esc clear" : "   Enter keep · Esc clear", Tone.StatusBar);
            if (search && Status.StartsWith("no match", StringComparison.Ordinal))
            {
                line.Add("   " + Status, Tone.Critical);
            }

            return line.Clip(width).PadTo(width, Tone.StatusBar);
        }

        if (Mode == Mode.Dialog && ActiveDialog is { } dialog)
        {
            line.Add(" ");
            foreach (var (k, label) in dialog.Hints)
            {
                line.Add(k, Tone.Key).Add(label, Tone.StatusBar);
            }

            return line.Clip(width).PadTo(width, Tone.StatusBar);
        }

        if (Mode == Mode.Help)
        {
            return line.Add(" Esc", Tone.Key).Add(" close help", Tone.StatusBar).Clip(width).PadTo(width, Tone.StatusBar);
        }

        string right = Status.Length > 0 ? Status + " " : "";
        var rightTone = Status.StartsWith("error", StringComparison.Ordinal) ? Tone.Critical : Tone.StatusBar;
        if (SampleProblem is { } why)
        {
            string since = Shown is { } old ? " since " + old.TakenAt.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : "";
            right = "STALE" + since + ": " + why + " " + right;
            rightTone = Tone.Critical;
        }
        else if (Shown is { Warnings.Count: > 0 } partial)
        {
            // what the sampler could not read (incomplete list, denied files): never silently
            right += "incomplete: " + partial.Warnings[0] + (partial.Warnings.Count > 1 ? $" (+{partial.Warnings.Count - 1} more)" : "") + " ";
            rightTone = Tone.Warning;
        }

        if (LastSampleTime > TimeSpan.Zero)
        {
            right += "sample " + LastSampleTime.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " ms ";
        }

        int room = width - right.Length - 1;
        foreach (var (k, label) in Hints)
        {
            int need = k.Length + label.Length + 1;
            if (line.Length + need > room)
            {
                break;
            }

            line.Add(k, Tone.Key).Add(label + " ", Tone.StatusBar);
        }

        line.PadTo(Math.Max(line.Length, width - right.Length), Tone.StatusBar);
        line.Add(right, rightTone);
        return line.Clip(width).PadTo(width, Tone.StatusBar);
    }

    private static List<StyledLine> HelpLines(int width, int rows)
    {
        var lines = new List<StyledLine>
        {
            new StyledLine().Add(" HELP", Tone.Title).Add("  every key (Esc, F1 or q closes this)", Tone.Dim),
        };
        foreach (var b in KeyMap.All.Where(b => b.Keys.Length > 0))
        {
            lines.Add(new StyledLine().Add("  " + Cells.Fit(b.Keys, 10, false), Tone.Key).Add(" " + b.Help).Clip(width));
        }

        lines.Add(new StyledLine().Add("  Ctrl+Z     does nothing (suspending would need a shell)", Tone.Dim).Clip(width));
        lines.Add(new StyledLine());
        lines.Add(new StyledLine().Add("  Bars: ", Tone.Label).Add("[|||  ] ok", Tone.Ok).Add("   [###  ] ≥70 % [!]", Tone.Warning).Add("   [!!!! ] ≥90 % [!!]", Tone.Critical).Clip(width));
        lines.Add(new StyledLine().Add("  nproc counts every task (thread) of a real uid; root is exempt. THR is exact.", Tone.Dim).Clip(width));
        return lines.Take(Math.Max(0, rows)).ToList();
    }

    private static List<StyledLine> PickerLines(Picker picker, int width, int rows)
    {
        var lines = new List<StyledLine> { new StyledLine().Add(" " + picker.Title, Tone.Title).Clip(width) };
        int body = Math.Max(1, rows - 1);
        int top = Math.Clamp(picker.Index - body / 2, 0, Math.Max(0, picker.Items.Count - body));
        for (int i = top; i < Math.Min(picker.Items.Count, top + body); i++)
        {
            bool sel = i == picker.Index;
            lines.Add(new StyledLine(sel ? Tone.Selected : Tone.Normal).Add((sel ? " > " : "   ") + picker.Items[i], sel ? Tone.Selected : Tone.Normal).Clip(width).PadTo(width, sel ? Tone.Selected : Tone.Normal));
        }

        return lines;
    }

    /// <summary>A click: on a column title sorts by it; on a row selects it.</summary>
    public void HandleClick(Screen screen, int x, int y)
    {
        if (Mode != Mode.Normal)
        {
            return;
        }

        if (y == screen.TableHeaderRow)
        {
            foreach (var cell in screen.HeaderCells)
            {
                if (x >= cell.X0 && x <= cell.X1)
                {
                    ClickColumn(cell.Column);
                    return;
                }
            }
        }
        else if (screen.BodyTop >= 0 && y >= screen.BodyTop && y < screen.BodyTop + screen.BodyRows)
        {
            int i = TopRow + (y - screen.BodyTop);
            if (i < Table.Count)
            {
                Select(i);
            }
        }
    }

    public void Scroll(int rows) => Select(SelectedIndex + rows);
}
