using LimitTop.Frames;
using LimitTop.Schemes;

namespace LimitTop.Tests.Schemes;

/// <summary>
/// Issue 25 item 12: every scheme is legible on dark and light terminals. A tone that sets a foreground colour on
/// the terminal's own background is legible on one of them only (the light scheme's black text vanished on a dark
/// terminal and blanked the setup screen): every tone sets both colours or neither, and never the same one twice.
/// </summary>
public sealed class SchemeLegibilityTests
{
    public static TheoryData<string> Names() => new(ColorSchemes.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_tone_sets_both_colours_or_neither(string name)
    {
        var scheme = ColorSchemes.Find(name)!;
        foreach (var tone in Enum.GetValues<Tone>())
        {
            var s = scheme[tone];
            Assert.True(s.Fg.IsDefault == s.Bg.IsDefault, $"{name}: {tone} has {(s.Fg.IsDefault ? "a background" : "a foreground")} on the terminal's own colour");
            Assert.True(s.Fg.IsDefault || s.Fg != s.Bg, $"{name}: {tone} draws text in its background colour");
        }
    }

    [Fact]
    public void The_light_scheme_paints_its_own_light_background()
    {
        var normal = ColorSchemes.Light[Tone.Normal];
        Assert.Equal(TermColor.Ansi(AnsiColor.White), normal.Bg);
        Assert.Equal(TermColor.Ansi(AnsiColor.Black), normal.Fg);
        Assert.Contains(";107", normal.Sgr(), StringComparison.Ordinal); // bright white background, whatever the terminal's
    }
}
