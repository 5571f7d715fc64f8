using System.Globalization;
using System.Text;

namespace LimitTop.Schemes;

/// <summary>A terminal colour: the terminal's own default, one of the 16 ANSI colours, or 24-bit RGB.</summary>
public readonly record struct TermColor
{
    private TermColor(int kind, int value) => (Kind, Value) = (kind, value);

    /// <summary>0 default, 1 ANSI 16 (Value 0–15), 2 RGB (Value 0xRRGGBB).</summary>
    public int Kind { get; }

    public int Value { get; }

    public static TermColor Default => default;

    public static TermColor Ansi(AnsiColor c) => new(1, (int)c);

    public static TermColor Rgb(int r, int g, int b) => new(2, (r << 16) | (g << 8) | b);

    public bool IsDefault => Kind == 0;
}

/// <summary>The 16 ANSI colours in SGR order (30–37, then the bright 90–97).</summary>
public enum AnsiColor
{
    Black, Red, Green, Yellow, Blue, Magenta, Cyan, Gray,
    DarkGray, BrightRed, BrightGreen, BrightYellow, BrightBlue, BrightMagenta, BrightCyan, White,
}

[Flags]
public enum TextAttr
{
    None = 0,
    Bold = 1,
    Underline = 2,
    Reverse = 4,
}

/// <summary>How one <see cref="Ui.Tone"/> is drawn: foreground, background, attributes.</summary>
public readonly record struct ToneStyle(TermColor Fg, TermColor Bg, TextAttr Attr = TextAttr.None)
{
    /// <summary>The SGR sequence that sets exactly this style from any previous one (it starts with a reset).</summary>
    public string Sgr()
    {
        var sb = new StringBuilder("\e[0");
        if (Attr.HasFlag(TextAttr.Bold)) sb.Append(";1");
        if (Attr.HasFlag(TextAttr.Underline)) sb.Append(";4");
        if (Attr.HasFlag(TextAttr.Reverse)) sb.Append(";7");
        Append(sb, Fg, 30, 90, 38);
        Append(sb, Bg, 40, 100, 48);
        return sb.Append('m').ToString();
    }

    private static void Append(StringBuilder sb, TermColor c, int low, int high, int rgb)
    {
        switch (c.Kind)
        {
            case 1:
                sb.Append(';').Append((c.Value < 8 ? low + c.Value : high + c.Value - 8).ToString(CultureInfo.InvariantCulture));
                break;
            case 2:
                sb.Append(CultureInfo.InvariantCulture, $";{rgb};2;{(c.Value >> 16) & 255};{(c.Value >> 8) & 255};{c.Value & 255}");
                break;
        }
    }
}
