using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>What replaces the panels and the table in help mode and while a picker is open.</summary>
public static class HelpPage
{
    /// <summary>The key list; <paramref name="modeNote"/> (what this backend cannot do) takes the blank row after it.</summary>
    public static List<StyledLine> Draw(int width, int rows, string? modeNote = null)
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
        lines.Add(modeNote is null ? new StyledLine() : new StyledLine().Add(modeNote, Tone.Dim).Clip(width));
        lines.Add(new StyledLine().Add("  Bars: ", Tone.Label).Add("[|||  ] ok", Tone.Ok).Add("   [###  ] ≥70 % [!]", Tone.Warning).Add("   [!!!! ] ≥90 % [!!]", Tone.Critical).Clip(width));
        lines.Add(new StyledLine().Add("  nproc counts every task (thread) of a real uid; root is exempt. THR is exact.", Tone.Dim).Clip(width));
        return lines.Take(Math.Max(0, rows)).ToList();
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
