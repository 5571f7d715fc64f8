using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>
/// The explanation of one process (Enter) in the place of the panels and the table: a title with its keys, a line
/// when it is gone or could not be read, then the text of <c>--why PID</c> from the scroll position, long lines
/// wrapped with an indent. Records on the frame how many text rows and wrapped lines it had (for PgUp/PgDn).
/// </summary>
public static class WhyPanel
{
    public static List<StyledLine> Draw(DashboardScreen screen, WhyView why, int width, int rows)
    {
        var lines = new List<StyledLine>();
        if (rows <= 0)
        {
            return lines;
        }

        lines.Add(new StyledLine().Add($" WHY pid {why.Pid} ({why.Name})", Tone.Title)
            .Add("  ↑↓ PgUp PgDn scroll · Esc closes · refreshed every sample", Tone.Dim).Clip(width));
        if (why.Gone)
        {
            lines.Add(new StyledLine().Add(" process gone: " + why.Problem + (why.Lines.Count > 0 ? " — its last explanation:" : ""), Tone.Critical).Clip(width));
        }
        else if (why.Problem is { } problem)
        {
            lines.Add(new StyledLine().Add(" " + problem + (why.Lines.Count > 0 ? " — the last explanation:" : ""), Tone.Warning).Clip(width));
        }

        var text = Wrap(why.Lines, Math.Max(20, width - 1));
        int body = Math.Max(0, rows - lines.Count);
        int top = Math.Clamp(why.Scroll, 0, Math.Max(0, text.Count - body));
        screen.WhyRows = body;
        screen.WhyLines = text.Count;
        for (int i = top; i < Math.Min(text.Count, top + body); i++)
        {
            string s = text[i];
            lines.Add(new StyledLine().Add(" ").Add(s, ToneOf(s, i == 0, why)).Clip(width));
        }

        if (text.Count > top + body && lines.Count > 1)
        {
            lines[^1] = new StyledLine().Add($" … {text.Count - top - body} more lines (↓ PgDn)", Tone.Dim).Clip(width);
        }

        return lines;
    }

    private static Tone ToneOf(string line, bool first, WhyView why)
    {
        if (first && why.Explanation is { } e)
        {
            return e.NextForkFails ? Tone.Critical : Tone.Label;
        }

        if (line.StartsWith("  binds", StringComparison.Ordinal))
        {
            return why.Explanation?.NextForkFails == true ? Tone.Critical : Tone.Warning;
        }

        if (line.EndsWith(':') && !line.StartsWith(' '))
        {
            return Tone.Title;
        }

        return line.StartsWith("  n/a", StringComparison.Ordinal) || line.StartsWith("note:", StringComparison.Ordinal) ? Tone.Dim : Tone.Normal;
    }

    /// <summary>Lines cut at spaces to <paramref name="width"/>; the rest goes on indented lines. Control characters become '?'.</summary>
    public static List<string> Wrap(IReadOnlyList<string> lines, int width)
    {
        var result = new List<string>(lines.Count);
        foreach (string raw in lines)
        {
            string s = Sanitize(raw);
            string indent = "";
            while (indent.Length + s.Length > width)
            {
                int room = width - indent.Length;
                int cut = s.LastIndexOf(' ', room - 1, room);
                if (cut <= room / 3)
                {
                    cut = room;
                }

                result.Add(indent + s[..cut].TrimEnd());
                s = s[cut..].TrimStart();
                indent = "    ";
            }

            result.Add(indent + s);
        }

        return result;
    }

    private static string Sanitize(string s) => Core.Text.SafeText.Escape(s); // the one escaping rule
}
