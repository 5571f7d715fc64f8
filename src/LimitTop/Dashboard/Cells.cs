using Humanizer;
using LimitTop.Core.Model;
using LimitTop.Core.Text;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>
/// Cell text for the screen. The words and number forms come from <see cref="Figures"/> (the one vocabulary
/// shared with <c>--once</c>, the diagnosis and the dialogs) and the table cells' narrowing from Core's
/// <see cref="CellText"/>; what is here is what only the screen adds: gauge limits, markers, tones, clipping.
/// </summary>
public static class Cells
{
    /// <summary>An exact count, no separators (<see cref="CellText.Exact(long)"/>).</summary>
    public static string Exact(long v) => CellText.Exact(v);

    public static string Exact(long? v, string unknown = "?") => CellText.Exact(v, unknown);

    /// <summary>A figure that is not measured yet but will be on a coming tick (<see cref="CellText.Pending"/>).</summary>
    public const string Pending = CellText.Pending;

    /// <summary>An exact count with thousands separators, for prose and gauges (<see cref="Figures.Count"/>).</summary>
    public static string Grouped(long v) => Figures.Count(v);

    /// <summary>
    /// A limit in a gauge: exact below a million, then metric (pid_max 4194304 → "4.2M"); null is
    /// <see cref="Figures.Unlimited"/>.
    /// </summary>
    public static string Limit(long? v) => v is { } x && x >= 1_000_000 ? ((double)x).ToMetric(decimals: 1) : Figures.Limit(v);

    /// <summary>A limit in a narrow table column (<see cref="CellText.Limit"/>): "96,367", "4M", "unlim".</summary>
    public static string LimitCell(long? v) => CellText.Limit(v);

    /// <summary>The one percent rule, <see cref="Figures.Percent(double?)"/>.</summary>
    public static string Percent(double? p) => Figures.Percent(p);

    /// <summary>CPU % of one core (<see cref="Figures.Cpu"/>).</summary>
    public static string Cpu(double? p) => Figures.Cpu(p);

    /// <summary>A rate per minute in a narrow column (<see cref="CellText.PerMinute"/>): "+31", "-2", "0", "+0.5".</summary>
    public static string PerMinute(double? v) => CellText.PerMinute(v);

    /// <summary>Bytes in at most 6 characters (<see cref="Figures.Bytes"/>).</summary>
    public static string Bytes(long b) => Figures.Bytes(b);

    /// <summary>Uptime (<see cref="Figures.Uptime"/>): "2d 3h".</summary>
    public static string Uptime(TimeSpan t) => Figures.Uptime(t);

    /// <summary>The refresh interval (<see cref="Figures.Duration"/>): "1s", "0.5s".</summary>
    public static string Interval(TimeSpan t) => Figures.Duration(t);

    public static string Marker(Severity s) => s switch
    {
        Severity.Critical => "[!!]",
        Severity.Warning => "[!]",
        _ => "",
    };

    public static Tone ToneOf(Severity s) => s switch
    {
        Severity.Critical => Tone.Critical,
        Severity.Warning => Tone.Warning,
        _ => Tone.Ok,
    };

    public static string Clip(string s, int width) => StyledLine.ClipText(s, width);

    /// <summary>Keeps the end (the informative part of a cgroup path): "/user.slice/…/app.service" → "…app.service".</summary>
    public static string ClipStart(string s, int width)
    {
        if (width <= 0)
        {
            return "";
        }

        return s.Length <= width ? s : string.Concat("…", s.AsSpan(s.Length - width + 1));
    }

    public static string Fit(string s, int width, bool right)
    {
        s = Clip(s, width);
        return right ? s.PadLeft(width) : s.PadRight(width);
    }
}
