using LimitTop.Frames;
using static LimitTop.Schemes.AnsiColor;

namespace LimitTop.Schemes;

/// <summary>A colour scheme: one <see cref="ToneStyle"/> per <see cref="Tone"/>, by the name limittop.conf uses.</summary>
public sealed class ColorScheme
{
    private readonly ToneStyle[] _styles;

    public ColorScheme(string name, IReadOnlyDictionary<Tone, ToneStyle> styles)
    {
        Name = name;
        _styles = new ToneStyle[Enum.GetValues<Tone>().Length];
        foreach (var tone in Enum.GetValues<Tone>())
        {
            _styles[(int)tone] = styles.TryGetValue(tone, out var s) ? s
                : throw new ArgumentException($"scheme {name} has no style for {tone}", nameof(styles));
        }
    }

    public string Name { get; }

    /// <summary>True when the scheme sets no colour at all (NO_COLOR, TERM=dumb): only bold, underline, reverse.</summary>
    public bool Colourless => _styles.All(s => s.Fg.IsDefault && s.Bg.IsDefault);

    public ToneStyle this[Tone tone] => _styles[(int)tone];
}

/// <summary>
/// The built-in schemes as data (no terminal library here). The 16 ANSI names keep them readable on a 16-colour
/// terminal; severity is also in the bars' <c>| # !</c> and the <c>[!]</c> markers, so monochrome loses nothing.
/// </summary>
public static class ColorSchemes
{
    private static TermColor C(AnsiColor c) => TermColor.Ansi(c);

    private static ToneStyle S(AnsiColor fg, AnsiColor bg, TextAttr a = TextAttr.None) => new(C(fg), C(bg), a);

    private static ToneStyle S(TermColor fg, TermColor bg, TextAttr a = TextAttr.None) => new(fg, bg, a);

    private static readonly TermColor Black0 = C(Black), Blue4 = C(Blue), None = TermColor.Default, Paper = C(White);

    /// <summary>Today's look: light text on black, dialogs on blue.</summary>
    public static ColorScheme Default { get; } = new("default", new Dictionary<Tone, ToneStyle>
    {
        // Terminal.Gui's 24-bit "Gray" is (128,128,128), barely apart from DarkGray; a light grey keeps text
        // and dimmed text distinct, and still maps to the 16-colour Gray.
        [Tone.Normal] = S(TermColor.Rgb(208, 208, 208), Black0),
        [Tone.Dim] = S(C(DarkGray), Black0),
        [Tone.Title] = S(C(BrightCyan), Black0, TextAttr.Bold),
        [Tone.Label] = S(C(Cyan), Black0),
        [Tone.Ok] = S(C(BrightGreen), Black0),
        [Tone.Warning] = S(C(BrightYellow), Black0, TextAttr.Bold),
        [Tone.Critical] = S(C(BrightRed), Black0, TextAttr.Bold),
        [Tone.TableHeader] = S(Black, Green),
        [Tone.SortedHeader] = S(Black, Cyan, TextAttr.Bold),
        [Tone.Selected] = S(Black, Cyan),
        [Tone.Key] = S(C(White), Black0, TextAttr.Bold),
        [Tone.StatusBar] = S(Black, Cyan),
        [Tone.Frozen] = S(Black, BrightYellow, TextAttr.Bold),
        [Tone.Match] = S(C(BrightYellow), Black0),
        [Tone.SelectedWarning] = S(Black, BrightYellow, TextAttr.Bold),
        [Tone.SelectedCritical] = S(BrightYellow, Red, TextAttr.Bold),
        [Tone.Dialog] = S(C(White), Blue4),
        [Tone.DialogBorder] = S(C(BrightCyan), Blue4),
        [Tone.DialogTitle] = S(C(BrightYellow), Blue4, TextAttr.Bold),
        [Tone.DialogDim] = S(C(Gray), Blue4),
        [Tone.DialogKey] = S(C(BrightCyan), Blue4, TextAttr.Bold),
        [Tone.DialogWarning] = S(C(BrightYellow), Blue4),
    });

    /// <summary>No colour at all: the terminal's own colours with bold, underline and reverse video.</summary>
    public static ColorScheme Monochrome { get; } = new("monochrome", new Dictionary<Tone, ToneStyle>
    {
        [Tone.Normal] = S(None, None),
        [Tone.Dim] = S(None, None),
        [Tone.Title] = S(None, None, TextAttr.Bold),
        [Tone.Label] = S(None, None),
        [Tone.Ok] = S(None, None),
        [Tone.Warning] = S(None, None, TextAttr.Bold),
        [Tone.Critical] = S(None, None, TextAttr.Bold | TextAttr.Underline),
        [Tone.TableHeader] = S(None, None, TextAttr.Reverse),
        [Tone.SortedHeader] = S(None, None, TextAttr.Reverse | TextAttr.Bold | TextAttr.Underline),
        [Tone.Selected] = S(None, None, TextAttr.Reverse),
        [Tone.Key] = S(None, None, TextAttr.Bold),
        [Tone.StatusBar] = S(None, None, TextAttr.Reverse),
        [Tone.Frozen] = S(None, None, TextAttr.Reverse | TextAttr.Bold),
        [Tone.Match] = S(None, None, TextAttr.Underline),
        [Tone.SelectedWarning] = S(None, None, TextAttr.Reverse | TextAttr.Bold),
        [Tone.SelectedCritical] = S(None, None, TextAttr.Reverse | TextAttr.Bold | TextAttr.Underline),
        [Tone.Dialog] = S(None, None),
        [Tone.DialogBorder] = S(None, None, TextAttr.Bold),
        [Tone.DialogTitle] = S(None, None, TextAttr.Bold),
        [Tone.DialogDim] = S(None, None),
        [Tone.DialogKey] = S(None, None, TextAttr.Bold),
        [Tone.DialogWarning] = S(None, None, TextAttr.Bold),
    });

    /// <summary>
    /// Dark text on a light background it paints itself (bright white), darker accents: legible on a dark terminal too
    /// (on the terminal's own background its black text vanished on a dark one). Every tone sets both colours or neither.
    /// </summary>
    public static ColorScheme Light { get; } = new("light", new Dictionary<Tone, ToneStyle>
    {
        [Tone.Normal] = S(C(Black), Paper),
        [Tone.Dim] = S(C(DarkGray), Paper),
        [Tone.Title] = S(C(Blue), Paper, TextAttr.Bold),
        [Tone.Label] = S(C(Blue), Paper),
        [Tone.Ok] = S(C(Green), Paper),
        [Tone.Warning] = S(C(Magenta), Paper, TextAttr.Bold),
        [Tone.Critical] = S(C(Red), Paper, TextAttr.Bold),
        [Tone.TableHeader] = S(White, Blue),
        [Tone.SortedHeader] = S(White, Magenta, TextAttr.Bold),
        [Tone.Selected] = S(Black, BrightCyan),
        [Tone.Key] = S(C(Black), Paper, TextAttr.Bold),
        [Tone.StatusBar] = S(White, Blue),
        [Tone.Frozen] = S(Black, BrightYellow, TextAttr.Bold),
        [Tone.Match] = S(C(Magenta), Paper, TextAttr.Underline),
        [Tone.SelectedWarning] = S(Black, BrightYellow, TextAttr.Bold),
        [Tone.SelectedCritical] = S(White, Red, TextAttr.Bold),
        [Tone.Dialog] = S(Black, Gray),
        [Tone.DialogBorder] = S(Blue, Gray),
        [Tone.DialogTitle] = S(Blue, Gray, TextAttr.Bold),
        [Tone.DialogDim] = S(DarkGray, Gray),
        [Tone.DialogKey] = S(Blue, Gray, TextAttr.Bold),
        [Tone.DialogWarning] = S(Red, Gray, TextAttr.Bold),
    });

    public static IReadOnlyList<ColorScheme> All { get; } = [Default, Monochrome, Light];

    public static ColorScheme? Find(string? name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
