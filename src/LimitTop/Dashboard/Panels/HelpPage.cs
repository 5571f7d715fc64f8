using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>What replaces the panels and the table in help mode and while a picker is open.</summary>
public static class HelpPage
{
    /// <summary>
    /// The key list from line <paramref name="top"/> (the title stays; the composer clamps to the last full page);
    /// <paramref name="modeNote"/> (what this backend cannot do) takes the blank row after it. Long lines wrap.
    /// </summary>
    public static List<StyledLine> Draw(int width, int rows, string? modeNote = null, int top = 0)
    {
        var body = Body(width, modeNote);
        int shown = Math.Max(1, rows - 1);
        top = ClampTop(top, body.Count, shown);
        string where = body.Count > shown
            ? $" · lines {top + 1}–{Math.Min(body.Count, top + shown)} of {body.Count} (↑↓ PgUp PgDn Home End)"
            : "";
        var lines = new List<StyledLine>
        {
            new StyledLine().Add(" HELP", Tone.Title).Add("  every key (Esc, F1 or q closes this)" + where, Tone.Dim).Clip(width),
        };
        lines.AddRange(body.Skip(top).Take(shown));
        return lines.Take(Math.Max(0, rows)).ToList();
    }

    /// <summary>Lines of the help page below its title at this width (what ↓ and End scroll through).</summary>
    public static int BodyLines(int width, string? modeNote) => Body(width, modeNote).Count;

    public static int ClampTop(int top, int count, int shown) => Math.Clamp(top, 0, Math.Max(0, count - Math.Max(1, shown)));

    private static List<StyledLine> Body(int width, string? modeNote)
    {
        var lines = new List<StyledLine>();
        foreach (var b in KeyMap.All.Where(b => b.Keys.Length > 0))
        {
            var text = TextWrap.Lines(b.Help, Math.Max(20, width - 14), "  ");
            lines.Add(new StyledLine().Add("  " + Cells.Fit(b.Keys, 10, false), Tone.Key).Add(" " + text[0]).Clip(width));
            lines.AddRange(text.Skip(1).Select(t => new StyledLine().Add(new string(' ', 13) + t).Clip(width)));
        }

        lines.Add(new StyledLine().Add("  Ctrl+Z     does nothing (suspending would need a shell)", Tone.Dim).Clip(width));
        lines.Add(modeNote is null ? new StyledLine() : new StyledLine().Add(modeNote, Tone.Dim).Clip(width));
        lines.Add(new StyledLine().Add("  Bars: ", Tone.Label).Add("[|||  ] ok", Tone.Ok).Add("   [###  ] ≥70 % [!]", Tone.Warning).Add("   [!!!! ] ≥90 % [!!]", Tone.Critical).Clip(width));
        lines.Add(new StyledLine().Add("  nproc counts every task (thread) of a real uid; root is exempt. THR is exact.", Tone.Dim).Clip(width));
        return lines;
    }

    public static List<StyledLine> DrawPicker(Picker picker, int width, int rows)
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
}
