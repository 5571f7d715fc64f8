using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>Users: nproc (charged tasks vs the lowest soft limit), queued signals, and the worst process's fds.</summary>
public static class UsersPanel
{
    /// <summary>The header, then the users nearest a limit first (as graded in Core), one meter row each.</summary>
    /// <param name="sparks">Tasks over the last minutes per uid (<see cref="PanelModels.UserSparks"/>), drawn after
    /// the name from 60 columns; null draws none.</param>
    public static List<StyledLine> Draw(IReadOnlyList<UserGrade> ranked, int width, int maxLines,
        IReadOnlyDictionary<int, byte[]>? sparks = null, bool ascii = false)
    {
        var lines = new List<StyledLine>();
        if (maxLines <= 0)
        {
            return lines;
        }

        var users = ranked;
        int rows = Math.Min(users.Count, maxLines - 1);
        string more = rows < users.Count ? $"  (+{users.Count - rows} more)" : "";
        lines.Add(new StyledLine().Add(" USERS", Tone.Title)
            .Add("  nproc: tasks vs lowest soft limit · sigpending: queued signals · nofile: worst process" + more, Tone.Dim).Clip(width));

        const int nameWidth = 10;
        bool spark = sparks is not null && width >= 60;
        int avail = width - nameWidth - 2 - (spark ? Sparkline.Cells + 1 : 0);
        int meters = avail >= 3 * 30 ? 3 : avail >= 2 * 24 ? 2 : 1;
        bool shortLabels = avail / meters < 30;
        int each = avail / meters;
        var shown = users.Take(rows).Select(g => g.User).ToList();
        if (shown.Count == 0)
        {
            return lines;
        }

        // the same room for numbers in every row, so the bars of one column line up
        int nprocTail = shown.Max(u => u.Exempt ? 0 : Meter.TailLength(u.ChargedTasks, u.Nproc.Min));
        int sigTail = shown.Max(u => u.SigQueued is { } q ? Meter.TailLength(q, u.Sigpending.Min) : 0);
        int nofileTail = shown.Max(u => u.WorstNofile is { } w ? Meter.TailLength(w.Fds, w.Soft) : 0);
        foreach (var u in shown)
        {
            var line = new StyledLine().Add(" " + Cells.Fit(u.Name, nameWidth, right: false) + " ", Tone.Label);
            if (spark)
            {
                byte[] levels = sparks!.TryGetValue(u.Uid, out var l) ? l : [];
                line.Add(Sparkline.Render(levels, ascii).PadRight(Sparkline.Cells) + " ", Tone.Dim);
            }

            line.AddLine(NprocMeter(u, each - 1, shortLabels, nprocTail)).Add(" ");
            if (meters == 3)
            {
                line.AddLine(SigMeter(u, each - 1, shortLabels, sigTail)).Add(" ");
            }

            if (meters >= 2)
            {
                line.AddLine(NofileMeter(u, each - 1, shortLabels, nofileTail));
            }

            lines.Add(line.Clip(width));
        }

        return lines;
    }

    private static StyledLine NprocMeter(UserUsage u, int width, bool shortLabel, int tail)
    {
        string label = shortLabel ? "np" : LimitNames.Nproc;
        int lw = shortLabel ? 2 : 6;
        if (u.Exempt)
        {
            return new StyledLine().Add(Cells.Fit(label, lw, false) + " ", Tone.Label)
                .Add("exempt", Tone.Ok).Add(" (root) " + Cells.Grouped(u.Tasks) + " tasks", Tone.Dim).Clip(width).PadTo(width);
        }

        if (!u.Nproc.Known)
        {
            return new StyledLine().Add(Cells.Fit(label, lw, false) + " ", Tone.Label)
                .Add("? (limits not readable) " + Cells.Grouped(u.ChargedTasks) + " tasks", Tone.Dim).Clip(width).PadTo(width);
        }

        // Charged tasks: what the kernel's counter holds, including tasks in user namespaces the user owns.
        return Meter.Render(label, lw, u.ChargedTasks, u.Nproc.Min, width, tailWidth: tail);
    }

    private static StyledLine SigMeter(UserUsage u, int width, bool shortLabel, int tail)
    {
        string label = shortLabel ? "sq" : "sigq";
        int lw = shortLabel ? 2 : 5;
        return u.SigQueued is { } q
            ? Meter.Render(label, lw, q, u.Sigpending.Min, width, tailWidth: tail)
            : new StyledLine().Add(Cells.Fit(label, lw, false) + " ", Tone.Label).Add("?", Tone.Dim).PadTo(width);
    }

    private static StyledLine NofileMeter(UserUsage u, int width, bool shortLabel, int tail)
    {
        string label = shortLabel ? "nf" : LimitNames.Nofile;
        int lw = shortLabel ? 2 : 6;
        return u.WorstNofile is { } w
            ? Meter.Render(label, lw, w.Fds, w.Soft, width, tailWidth: tail)
            : new StyledLine().Add(Cells.Fit(label, lw, false) + " ", Tone.Label).Add("? (fds not readable)", Tone.Dim).Clip(width).PadTo(width);
    }
}
