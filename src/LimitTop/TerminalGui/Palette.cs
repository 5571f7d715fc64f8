using LimitTop.Frames;
using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace LimitTop.TerminalGui;

/// <summary>Tone → colours, from the chosen scheme's data (Schemes/ColorSchemes.cs).</summary>
public static class Palette
{
    // Schemes.AnsiColor is in SGR order, ColorName16 in the Windows console's (declared first: ByTone uses it).
    private static readonly ColorName16[] Ansi =
    [
        ColorName16.Black, ColorName16.Red, ColorName16.Green, ColorName16.Yellow, ColorName16.Blue, ColorName16.Magenta,
        ColorName16.Cyan, ColorName16.Gray, ColorName16.DarkGray, ColorName16.BrightRed, ColorName16.BrightGreen,
        ColorName16.BrightYellow, ColorName16.BrightBlue, ColorName16.BrightMagenta, ColorName16.BrightCyan, ColorName16.White,
    ];

    private static Attribute[] ByTone = Build(Schemes.ColorSchemes.Default);

    public static Attribute Of(Tone tone) => ByTone[(int)tone];

    /// <summary>Draws with <paramref name="scheme"/> from now on (before the first frame, or from the setup screen).</summary>
    public static void Use(Schemes.ColorScheme scheme) => ByTone = Build(scheme);

    private static Attribute[] Build(Schemes.ColorScheme scheme)
    {
        var a = new Attribute[Enum.GetValues<Tone>().Length];
        foreach (var tone in Enum.GetValues<Tone>())
        {
            var s = scheme[tone];
            var style = (s.Attr.HasFlag(Schemes.TextAttr.Bold) ? TextStyle.Bold : TextStyle.None)
                | (s.Attr.HasFlag(Schemes.TextAttr.Underline) ? TextStyle.Underline : TextStyle.None)
                | (s.Attr.HasFlag(Schemes.TextAttr.Reverse) ? TextStyle.Reverse : TextStyle.None);
            a[(int)tone] = new Attribute(ColorOf(s.Fg), ColorOf(s.Bg), style);
        }

        return a;
    }

    // Color.None is the terminal's own colour (SGR 39 / 49).
    private static Color ColorOf(Schemes.TermColor c) => c.Kind switch
    {
        1 => new Color(Ansi[c.Value]),
        2 => new Color((c.Value >> 16) & 255, (c.Value >> 8) & 255, c.Value & 255),
        _ => Color.None,
    };
}
