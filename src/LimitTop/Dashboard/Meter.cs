using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Core.Text;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>
/// A labelled bar with numbers. The bar's characters change with severity ('|' ok, '#' warning, '!' critical)
/// and a [!]/[!!] marker follows the percent, so a monochrome or 16-colour terminal shows the same thing.
/// </summary>
public static class Meter
{
    public static char BarChar(Severity s) => s switch
    {
        Severity.Critical => '!',
        Severity.Warning => '#',
        _ => '|',
    };

    /// <summary>Fraction of the bar to fill, clamped to [0, 1]; 0 when there is no limit.</summary>
    public static double Fraction(long used, long? max) => max is { } m && m > 0 ? Math.Clamp(used / (double)m, 0, 1) : 0;

    /// <summary>"[|||||     ]" of exactly <paramref name="width"/> characters (brackets included).</summary>
    public static string Bar(double fraction, int width, Severity severity)
    {
        int inner = Math.Max(0, width - 2);
        int filled = (int)Math.Round(fraction * inner, MidpointRounding.AwayFromZero);
        if (fraction > 0 && filled == 0)
        {
            filled = 1; // anything in use shows, so "almost nothing" differs from "nothing"
        }

        filled = Math.Min(filled, inner);
        return "[" + new string(BarChar(severity), filled) + new string(' ', inner - filled) + "]";
    }

    /// <summary>
    /// A meter in <paramref name="width"/> columns: label, bar, "used/max pct marker". The bar shrinks first,
    /// then goes; the numbers stay because they are what the admin acts on.
    /// </summary>
    /// <param name="tailWidth">Room kept for the numbers, so bars of several rows line up (0: just what they need).</param>
    public static StyledLine Render(string label, int labelWidth, long used, long? max, int width, string? noLimitText = null, bool bar = true, int tailWidth = 0)
    {
        double? pct = Severities.Percent(used, max);
        var sev = Severities.Of(pct);
        var tone = Cells.ToneOf(sev);
        var (numbers, pctText, marker) = Parts(used, max, noLimitText);
        int tailLength = Math.Max(tailWidth, TailLength(used, max, noLimitText));

        var line = new StyledLine();
        if (labelWidth > 0)
        {
            line.Add(Cells.Fit(label, labelWidth, right: false) + " ", Tone.Label);
        }

        int barWidth = width - line.Length - tailLength - 1;
        if (bar && barWidth >= 5)
        {
            line.Add(Bar(Fraction(used, max), Math.Min(barWidth, 40), sev), pct is null ? Tone.Dim : tone);
            line.Add(" ");
        }

        line.Add(numbers, Tone.Normal);
        if (pctText.Length > 0)
        {
            line.Add(" " + pctText, tone);
        }

        if (marker.Length > 0)
        {
            line.Add(" " + marker, tone);
        }

        return line.Clip(width).PadTo(width);
    }

    /// <summary>Length of "used/max pct marker" as <see cref="Render"/> writes it.</summary>
    public static int TailLength(long used, long? max, string? noLimitText = null)
    {
        var (numbers, pctText, marker) = Parts(used, max, noLimitText);
        return numbers.Length + (pctText.Length > 0 ? 1 + pctText.Length : 0) + (marker.Length > 0 ? 1 + marker.Length : 0);
    }

    private static (string Numbers, string Percent, string Marker) Parts(long used, long? max, string? noLimitText)
    {
        double? pct = Severities.Percent(used, max);
        string numbers = max is { } m && m > 0 ? Cells.Grouped(used) + "/" + Cells.Limit(m) : Cells.Grouped(used) + " " + (noLimitText ?? Figures.Unlimited);
        return (numbers, pct is { } ? Cells.Percent(pct) : "", Cells.Marker(Severities.Of(pct)));
    }
}
