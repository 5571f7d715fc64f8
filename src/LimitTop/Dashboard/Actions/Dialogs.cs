using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>What a key did to a dialog: keep it open, or close it with a status text (null leaves the status).</summary>
public readonly record struct DialogStep(bool Close, string? Status)
{
    public static DialogStep Stay { get; } = new(false, null);

    public static DialogStep Closed(string? status) => new(true, status);
}

/// <summary>
/// A modal box drawn over the dashboard by the controller itself (not a Terminal.Gui MessageBox: that runs a
/// nested loop, focuses its last button, and treats Esc its own way). Pure: keys in, styled lines out.
/// </summary>
public interface IDialog
{
    string Title { get; }

    /// <summary>Preferred width of the box, borders included; it shrinks to the terminal.</summary>
    int PreferredWidth { get; }

    /// <summary>
    /// The content lines for an inner width (the box adds its border and one space each side); at most
    /// <paramref name="maxLines"/> of them are shown, so a dialog should keep what matters when short.
    /// </summary>
    IReadOnlyList<StyledLine> Body(int innerWidth, int maxLines = int.MaxValue);

    /// <summary>Keys and what they do, for the status bar.</summary>
    IReadOnlyList<(string Key, string Label)> Hints { get; }

    /// <summary>Handles a key (F10 and Ctrl+C are the controller's: they quit).</summary>
    DialogStep HandleKey(UiKey key);
}

/// <summary>Draws a dialog as a framed box centred over lines already laid out.</summary>
public static class DialogBox
{
    /// <summary>Overlays <paramref name="dialog"/> on the first <paramref name="rows"/> lines.</summary>
    public static void Overlay(List<StyledLine> lines, IDialog dialog, int width, int rows)
    {
        int boxWidth = Math.Min(width, Math.Max(20, dialog.PreferredWidth));
        int inner = boxWidth - 4;
        if (inner < 6 || rows < 3)
        {
            return;
        }

        // The title row stays visible when there is room: the box starts below it.
        int first = rows >= 14 ? 1 : 0;
        int maxBody = rows - first - 2;
        var body = dialog.Body(inner, maxBody).ToList();
        if (body.Count > maxBody)
        {
            body = body.Take(maxBody).ToList();
        }

        var box = new List<StyledLine>(body.Count + 2);
        string title = Cells.Clip(" " + dialog.Title + " ", boxWidth - 4);
        box.Add(new StyledLine(Tone.Dialog).Add("┌─", Tone.DialogBorder).Add(title, Tone.DialogTitle)
            .Add(new string('─', Math.Max(0, boxWidth - 3 - title.Length)) + "┐", Tone.DialogBorder));
        foreach (var l in body)
        {
            box.Add(new StyledLine(Tone.Dialog).Add("│ ", Tone.DialogBorder).AddLine(l.Clip(inner)).PadTo(inner + 2, l.Fill)
                .Add(" │", Tone.DialogBorder));
        }

        box.Add(new StyledLine(Tone.Dialog).Add("└" + new string('─', boxWidth - 2) + "┘", Tone.DialogBorder));

        while (lines.Count < rows)
        {
            lines.Add(new StyledLine());
        }

        // A little above the middle: the eye starts at the top, and the status bar below stays visible.
        int top = first + Math.Max(0, (rows - first - box.Count) / 3);
        int x = (width - boxWidth) / 2;
        for (int i = 0; i < box.Count && top + i < rows; i++)
        {
            var under = lines[top + i];
            lines[top + i] = Slice(under, 0, x).AddLine(box[i]).AddLine(Slice(under, x + boxWidth, width));
        }
    }

    /// <summary>Columns [from, to) of a line, padded with its fill tone where it is shorter; no ellipsis.</summary>
    public static StyledLine Slice(StyledLine line, int from, int to)
    {
        var result = new StyledLine(line.Fill);
        if (to <= from)
        {
            return result;
        }

        int pos = 0;
        foreach (var s in line.Spans)
        {
            int end = pos + s.Text.Length;
            int a = Math.Max(pos, from), b = Math.Min(end, to);
            if (a < b)
            {
                result.Add(s.Text.Substring(a - pos, b - a), s.Tone);
            }

            pos = end;
            if (pos >= to)
            {
                break;
            }
        }

        return result.PadTo(to - from, line.Fill);
    }
}
