using System.Globalization;
using Humanizer;
using LimitTop.Core.Model;
using LimitTop.Core.Text;

namespace LimitTop.Core.Columns;

/// <summary>
/// What a fixed-width table cell adds on top of <see cref="Figures"/> (the one vocabulary shared with <c>--once</c>,
/// the diagnosis and the dialogs): exact counts without separators, the narrow limit, a signed rate, the pending mark.
/// The screen's <c>Dashboard/Cells</c> names these for its panels.
/// </summary>
public static class CellText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A figure that is not measured yet but will be on a coming tick (never drawn as 0 or "?").</summary>
    public const string Pending = "…";

    /// <summary>An exact count, no separators (fits narrow columns; "12345" compares with a limit at a glance).</summary>
    public static string Exact(long v) => v.ToString(Inv);

    public static string Exact(long? v, string unknown = "?") => v is { } x ? x.ToString(Inv) : unknown;

    /// <summary>
    /// A limit in a narrow table column: exact up to 7 digits, else metric; null is
    /// <see cref="Figures.UnlimitedNarrow"/> (the NPROC column is 7 wide).
    /// </summary>
    public static string Limit(long? v)
    {
        if (v is not { } x)
        {
            return Figures.UnlimitedNarrow;
        }

        // grouped as every other count ("96,367"), up to the 7 characters of the column; larger ones metric ("4M")
        return x < 1_000_000 ? Figures.Count(x) : ((double)x).ToMetric(decimals: 0);
    }

    /// <summary>A rate per minute in a narrow column: "+31", "-2", "0", "+0.5"; "-" when unknown.</summary>
    public static string PerMinute(double? v)
    {
        if (v is not { } x)
        {
            return "-";
        }

        double a = Math.Abs(x);
        string n = a >= 9.95 ? Math.Round(a).ToString("0", Inv) : a.ToString("0.#", Inv);
        return n == "0" ? "0" : (x < 0 ? "-" : "+") + n;
    }

    /// <summary>The command line, or "[name]" for a task without one (kernel threads, zombies).</summary>
    public static string Command(ProcessSample p) => p.Cmdline.Length > 0 ? p.Cmdline : "[" + p.Name + "]";
}
