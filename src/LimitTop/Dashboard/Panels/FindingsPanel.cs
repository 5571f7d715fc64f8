using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>
/// All findings ranked (key f), in place of the panels and the table: every limit with its figure, in Core's one
/// order (<see cref="RankedFindings"/>, the order of <c>--once</c>) — the header's line shows the first only. One
/// finding a line, long sentences wrapped under it; scrolls by line (↑↓ PgUp PgDn Home End).
/// </summary>
public static class FindingsPanel
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Width of the rank and the marker before each sentence: "  12 [!!] ".</summary>
    private const int Lead = 10;

    public static List<StyledLine> Draw(IReadOnlyList<Finding>? diagnosis, int width, int rows, int top = 0)
    {
        var ranked = diagnosis is null ? [] : RankedFindings.Of(diagnosis);
        var body = Body(ranked, width);
        int shown = Math.Max(1, rows - 1);
        top = ClampTop(top, body.Count, shown);
        string where = body.Count > shown
            ? string.Create(Inv, $" · lines {top + 1:N0}–{Math.Min(body.Count, top + shown):N0} of {body.Count:N0} (↑↓ PgUp PgDn Home End)")
            : "";
        int critical = ranked.Count(f => f.Severity == Severity.Critical), warning = ranked.Count(f => f.Severity == Severity.Warning);
        var lines = new List<StyledLine>
        {
            new StyledLine().Add(" FINDINGS", Tone.Title)
                .Add(string.Create(Inv, $"  {Core.Text.Figures.Plural(ranked.Count, "limit")}, {critical:N0} critical, {warning:N0} warning; closest to refusing a fork first (as --once){where} · Esc or f closes"), Tone.Dim)
                .Clip(width),
        };
        lines.AddRange(body.Skip(top).Take(shown));
        return lines.Take(Math.Max(0, rows)).ToList();
    }

    /// <summary>Lines below the title at this width (what ↓ and End scroll through).</summary>
    public static int BodyLines(IReadOnlyList<Finding>? diagnosis, int width)
        => Body(diagnosis is null ? [] : RankedFindings.Of(diagnosis), width).Count;

    /// <summary>The first line shown: at most the one that fills the last page.</summary>
    public static int ClampTop(int top, int count, int shown) => Math.Clamp(top, 0, Math.Max(0, count - Math.Max(1, shown)));

    private static List<StyledLine> Body(IReadOnlyList<Finding> ranked, int width)
    {
        var lines = new List<StyledLine>();
        if (ranked.Count == 0)
        {
            lines.Add(new StyledLine().Add("  no limit found yet (the first sample is still to come, or every figure is unlimited)", Tone.Dim).Clip(width));
            return lines;
        }

        for (int i = 0; i < ranked.Count; i++)
        {
            var f = ranked[i];
            var tone = Cells.ToneOf(f.Severity);
            string marker = f.Severity == Severity.Ok ? "[ok]" : Cells.Marker(f.Severity);
            var text = TextWrap.Lines(f.Message, Math.Max(20, width - Lead), "  ");
            lines.Add(new StyledLine()
                .Add(string.Create(Inv, $" {i + 1,3} "), Tone.Dim)
                .Add(Cells.Fit(marker, 5, false), tone)
                .Add(text[0], f.Severity == Severity.Ok ? Tone.Normal : tone)
                .Clip(width));
            lines.AddRange(text.Skip(1).Select(t => new StyledLine().Add(new string(' ', Lead) + t, Tone.Normal).Clip(width)));
        }

        return lines;
    }
}
