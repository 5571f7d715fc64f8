using System.Globalization;
using Humanizer;

namespace LimitTop.Core.Text;

/// <summary>
/// The one way LimitTop writes a number for a person: the screen, the <c>--once</c> report, the diagnosis
/// sentences and the dialogs all call these (JSON carries raw numbers and never goes through here).
/// Table cells that must fit a fixed width add their own narrowing on top (<c>Dashboard/Cells</c>), never a
/// second spelling of the same figure.
/// </summary>
public static class Figures
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>How prose writes a limit that is not set (RLIMIT_INFINITY, pids.max "max" read as none).</summary>
    public const string Unlimited = "unlimited";

    /// <summary>
    /// The one documented abbreviation: "unlim" in table columns narrower than the 9 characters of
    /// "unlimited" (the screen's NPROC column is 7 wide, the <c>--once</c> NPROC and MAX columns 8 and 9
    /// with no gap before them). Nowhere else.
    /// </summary>
    public const string UnlimitedNarrow = "unlim";

    /// <summary>A count with thousands separators, for prose, gauges and reports: 1234567 → "1,234,567".</summary>
    public static string Count(long v) => v.ToString("N0", Inv);

    /// <summary>"1 fork", "48 forks", "2 processes": a count with its noun in the right number.</summary>
    public static string Plural(long n, string one, string? many = null) => Count(n) + " " + (n == 1 ? one : many ?? one + "s");

    /// <summary>A limit in prose: the count, or "unlimited" for null.</summary>
    public static string Limit(long? v) => v is { } x ? Count(x) : Unlimited;

    /// <summary>A limit in a column too narrow for "unlimited": the count, or "unlim" for null.</summary>
    public static string LimitNarrow(long? v) => v is { } x ? Count(x) : UnlimitedNarrow;

    /// <summary>
    /// A percentage, rounded DOWN, so "100%" only shows when the limit is really reached (99.99 → "99%");
    /// whole numbers from 10 % up, one decimal below 10 %, where it tells "almost nothing" from "nothing"
    /// (9.95 → "9.9%", 0.04 → "0.0%"); "%" attached with no space; null (no limit) → "-". Rounding down
    /// rather than to nearest is the point: an admin reading "100%" must be able to trust that the next fork
    /// fails, and one reading "99%" that it has not yet.
    /// </summary>
    public static string Percent(double? p)
    {
        if (p is not { } v)
        {
            return "-";
        }

        // p is used × 100 / max: the tiny allowance keeps a ratio that is exactly 2.3 % but stored as
        // 2.2999… from flooring to 2.2 (every real step between two ratios is far larger than 1e-9).
        return v >= 10
            ? Math.Floor(v + 1e-9).ToString("0", Inv) + "%"
            : (Math.Floor((v * 10) + 1e-9) / 10).ToString("0.0", Inv) + "%";
    }

    /// <summary>The percentage of <paramref name="used"/> in <paramref name="max"/>; "-" when max is null or not positive.</summary>
    public static string Percent(long used, long? max) => max is { } m && m > 0 ? Percent(used * 100.0 / m) : "-";

    /// <summary>
    /// CPU use in % of one core, under a "CPU%" heading (so no sign): one decimal, to nearest, since it is
    /// not compared with a limit; null (no previous sample) → "-".
    /// </summary>
    public static string Cpu(double? p) => p is { } v ? v.ToString("0.0", Inv) : "-";

    /// <summary>
    /// A length of time in its two largest units, compact: "2d 3h", "4h 2m", "5m 7s", and seconds below a
    /// minute with up to two decimals ("12s", "1.5s", "0.25s"). Rounded down (a box up 59 minutes is not
    /// up an hour).
    /// </summary>
    public static string Duration(TimeSpan t)
    {
        if (t < TimeSpan.Zero)
        {
            t = TimeSpan.Zero;
        }

        if (t.TotalMinutes < 1)
        {
            return (Math.Floor(t.TotalSeconds * 100) / 100).ToString("0.##", Inv) + "s";
        }

        return t.TotalHours < 1 ? string.Create(Inv, $"{t.Minutes}m {t.Seconds}s")
            : t.TotalDays < 1 ? string.Create(Inv, $"{t.Hours}h {t.Minutes}m")
            : string.Create(Inv, $"{(long)t.TotalDays}d {t.Hours}h");
    }

    /// <summary>An uptime as a <see cref="Duration"/>; "?" when it could not be read (zero or less).</summary>
    public static string Uptime(TimeSpan t) => t <= TimeSpan.Zero ? "?" : Duration(t);

    /// <summary>
    /// A size in at most 6 characters, binary units written as one letter: "0", "512", "1.5K", "97M",
    /// "1.2G" (one decimal below 10 of a unit, none above).
    /// </summary>
    public static string Bytes(long b)
    {
        if (b <= 0)
        {
            return "0";
        }

        var size = b.Bytes();
        double value = size.LargestWholeNumberValue;
        string symbol = size.LargestWholeNumberSymbol;
        string unit = symbol switch { "B" => "", "KB" => "K", "MB" => "M", "GB" => "G", "TB" => "T", _ => symbol };
        return value.ToString(value < 10 && unit.Length > 0 ? "0.#" : "0", Inv) + unit;
    }
}
