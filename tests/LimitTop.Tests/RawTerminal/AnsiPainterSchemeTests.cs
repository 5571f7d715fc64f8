using LimitTop.Frames;
using LimitTop.RawTerminal;
using LimitTop.Schemes;

namespace LimitTop.Tests.RawTerminal;

/// <summary>The single-thread mode's painter writes the chosen scheme's SGR, and a scheme change repaints everything.</summary>
public sealed class AnsiPainterSchemeTests
{
    private static Screen Frame()
    {
        var s = new Screen(20, 2);
        s.Lines[0].Add("nproc ", Tone.Label).Add("99.6 %", Tone.Critical);
        s.Lines[1].Add("ok", Tone.Ok);
        return s;
    }

    [Fact]
    public void It_paints_with_the_scheme_it_is_given_and_repaints_whole_when_it_changes()
    {
        string? scheme = "default";
        var painter = new AnsiPainter(() => scheme);

        string first = painter.Paint(Frame());
        Assert.Contains(ColorSchemes.Default[Tone.Critical].Sgr(), first);
        Assert.Contains("99.6 %", first);

        Assert.DoesNotContain("99.6 %", painter.Paint(Frame())); // nothing changed: nothing repainted

        scheme = "monochrome"; // F2, NO_COLOR, --no-color or TERM=dumb
        string mono = painter.Paint(Frame());
        Assert.Contains("99.6 %", mono);
        Assert.Contains("ok", mono);
        Assert.Contains(ColorSchemes.Monochrome[Tone.Critical].Sgr(), mono);
        Assert.DoesNotContain("\e[0;1;91;40m", mono); // no colour left
        Assert.DoesNotContain(";38;", mono);
        Assert.DoesNotContain(";48;", mono);

        scheme = "light";
        Assert.Contains(ColorSchemes.Light[Tone.Ok].Sgr(), painter.Paint(Frame()));
    }

    [Fact]
    public void An_unknown_scheme_name_paints_with_the_default_scheme()
        => Assert.Same(SchemeSgr.For(ColorSchemes.Default), SchemeSgr.For("neon"));
}
