using System.Text;

namespace LimitTop.Frames;

/// <summary>What a piece of text means; the view maps it to colours, so the view-model never knows about them.</summary>
public enum Tone
{
    Normal,
    Dim,
    Title,
    Label,
    Ok,
    Warning,
    Critical,
    TableHeader,
    SortedHeader,
    Selected,
    Key,
    StatusBar,
    Frozen,
    Match,

    /// <summary>A warning / critical cell in the selected row: the selection must not hide the alarm.</summary>
    SelectedWarning,
    SelectedCritical,

    /// <summary>Dialog box (kill, raise limit): text, frame, title, secondary text, keys, a warning.</summary>
    Dialog,
    DialogBorder,
    DialogTitle,
    DialogDim,
    DialogKey,
    DialogWarning,
}

/// <summary>A run of text in one tone.</summary>
public readonly record struct Span(string Text, Tone Tone);

/// <summary>One screen line made of spans; never wider than the width it was built for.</summary>
public sealed class StyledLine
{
    private readonly List<Span> _spans = [];

    public StyledLine(Tone fill = Tone.Normal) => Fill = fill;

    /// <summary>Tone for the rest of the line after the last span (a table header or selection bar spans the width).</summary>
    public Tone Fill { get; set; }

    public IReadOnlyList<Span> Spans => _spans;

    public int Length { get; private set; }

    public StyledLine Add(string text, Tone tone = Tone.Normal)
    {
        if (text.Length > 0)
        {
            _spans.Add(new Span(text, tone));
            Length += text.Length;
        }

        return this;
    }

    public StyledLine AddLine(StyledLine other)
    {
        foreach (var s in other.Spans)
        {
            Add(s.Text, s.Tone);
        }

        return this;
    }

    /// <summary>Pads with spaces (in <paramref name="tone"/>) up to <paramref name="width"/>.</summary>
    public StyledLine PadTo(int width, Tone tone = Tone.Normal) => Length < width ? Add(new string(' ', width - Length), tone) : this;

    /// <summary>Cuts the line at <paramref name="width"/> characters, ending with '…' when something was cut.</summary>
    public StyledLine Clip(int width)
    {
        if (Length <= width)
        {
            return this;
        }

        var clipped = new StyledLine(Fill);
        int left = width;
        foreach (var s in _spans)
        {
            if (left <= 0)
            {
                break;
            }

            if (s.Text.Length <= left)
            {
                clipped.Add(s.Text, s.Tone);
                left -= s.Text.Length;
            }
            else
            {
                clipped.Add(ClipText(s.Text, left), s.Tone);
                left = 0;
            }
        }

        return clipped;
    }

    public string Text
    {
        get
        {
            var sb = new StringBuilder(Length);
            foreach (var s in _spans)
            {
                sb.Append(s.Text);
            }

            return sb.ToString();
        }
    }

    public override string ToString() => Text;

    /// <summary>Text cut to <paramref name="width"/> columns, the last one an ellipsis when something was cut.</summary>
    public static string ClipText(string s, int width)
    {
        if (width <= 0)
        {
            return "";
        }

        return s.Length <= width ? s : string.Concat(s.AsSpan(0, width - 1), "…");
    }
}
