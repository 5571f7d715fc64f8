using LimitTop.Core.Settings;
using LimitTop.Schemes;
using LimitTop.Dashboard;
using LimitTop.Frames;

namespace LimitTop.Tests.Schemes;

public sealed class SchemeTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars)
        => k => vars.FirstOrDefault(v => v.Key == k).Value;

    [Theory]
    [InlineData("1")]
    [InlineData("0")]      // no-color.org: any non-empty value, even 0
    [InlineData("false")]
    public void No_color_set_to_anything_gives_monochrome(string value)
    {
        var c = SchemeChooser.Choose(Env(("NO_COLOR", value), ("TERM", "xterm-256color")), false, "light");
        Assert.Same(ColorSchemes.Monochrome, c.Scheme);
        Assert.Equal("NO_COLOR is set", c.Reason);
    }

    [Fact]
    public void An_empty_no_color_is_not_set()
        => Assert.Same(ColorSchemes.Light, SchemeChooser.Choose(Env(("NO_COLOR", ""), ("TERM", "xterm")), false, "light").Scheme);

    [Fact]
    public void The_option_wins_over_the_settings_file()
    {
        var c = SchemeChooser.Choose(Env(("TERM", "xterm-256color")), true, "light");
        Assert.Same(ColorSchemes.Monochrome, c.Scheme);
        Assert.Equal("--no-color", c.Reason);
    }

    [Theory]
    [InlineData("dumb")]
    [InlineData("")]
    [InlineData("vt100")]
    [InlineData("vt220")]
    [InlineData("xterm-mono")]
    [InlineData("xterm-m")]
    public void A_terminal_without_colours_gets_monochrome(string term)
        => Assert.Same(ColorSchemes.Monochrome, SchemeChooser.Choose(Env(("TERM", term)), false, "default").Scheme);

    [Theory]
    [InlineData("xterm-256color", null, "default")]
    [InlineData("tmux-256color", "light", "light")]
    [InlineData("screen", "MONOCHROME", "monochrome")]
    [InlineData("linux", "neon", "default")]
    public void Otherwise_the_settings_file_chooses(string term, string? setting, string expected)
        => Assert.Equal(expected, SchemeChooser.Choose(Env(("TERM", term)), false, setting).Scheme.Name);

    [Fact]
    public void Every_settings_scheme_name_exists_and_monochrome_has_no_colour()
    {
        Assert.Equal(LimitTopSettings.SchemeNames, ColorSchemes.All.Select(s => s.Name));
        Assert.True(ColorSchemes.Monochrome.Colourless);
        Assert.False(ColorSchemes.Default.Colourless);
        Assert.False(ColorSchemes.Light.Colourless);
        // Severity and the selection stay visible without colour: each differs from normal text.
        foreach (var tone in new[] { Tone.Warning, Tone.Critical, Tone.Selected, Tone.SelectedCritical, Tone.TableHeader, Tone.StatusBar })
        {
            Assert.NotEqual(ColorSchemes.Monochrome[Tone.Normal], ColorSchemes.Monochrome[tone]);
        }

        Assert.NotEqual(ColorSchemes.Monochrome[Tone.Warning], ColorSchemes.Monochrome[Tone.Critical]);
    }

    [Fact]
    public void Styles_turn_into_sgr_sequences()
    {
        Assert.Equal("\e[0;1;91;40m", ColorSchemes.Default[Tone.Critical].Sgr());
        Assert.Equal("\e[0;38;2;208;208;208;40m", ColorSchemes.Default[Tone.Normal].Sgr());
        Assert.Equal("\e[0;7m", ColorSchemes.Monochrome[Tone.Selected].Sgr());
        Assert.Equal("\e[0m", ColorSchemes.Monochrome[Tone.Normal].Sgr());
        Assert.Equal("\e[0;1;97;45m", ColorSchemes.Light[Tone.SortedHeader].Sgr());
    }

    [Fact]
    public void The_palette_draws_monochrome_with_the_terminal_colours()
    {
        try
        {
            LimitTop.TerminalGui.Palette.Use(ColorSchemes.Monochrome);
            var a = LimitTop.TerminalGui.Palette.Of(Tone.Selected);
            Assert.Equal(Terminal.Gui.Drawing.Color.None, a.Foreground);
            Assert.Equal(Terminal.Gui.Drawing.Color.None, a.Background);
            Assert.True(a.Style.HasFlag(Terminal.Gui.Drawing.TextStyle.Reverse));
        }
        finally
        {
            LimitTop.TerminalGui.Palette.Use(ColorSchemes.Default);
        }

        Assert.Equal(new Terminal.Gui.Drawing.Color(Terminal.Gui.Drawing.ColorName16.BrightRed), LimitTop.TerminalGui.Palette.Of(Tone.Critical).Foreground);
        Assert.Equal(new Terminal.Gui.Drawing.Color(Terminal.Gui.Drawing.ColorName16.Blue), LimitTop.TerminalGui.Palette.Of(Tone.Dialog).Background);
    }
}
