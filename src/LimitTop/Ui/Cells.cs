using System.Globalization;
using Humanizer;
using LimitTop.Core.Model;

namespace LimitTop.Ui;

/// <summary>
/// Cell text. Counts the admin compares with a limit (threads, fds, tasks, limits) stay exact; sizes and
/// durations are humanized because their last digits do not matter.
/// </summary>
public static class Cells
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>An exact count, no separators (fits narrow columns; "12345" compares with a limit at a glance).</summary>
    public static string Exact(long v) => v.ToString(Inv);

    public static string Exact(long? v, string unknown = "?") => v is { } x ? x.ToString(Inv) : unknown;

    /// <summary>A figure that is not measured yet but will be on a coming tick (never drawn as 0 or "?").</summary>
    public const string Pending = "…";

    /// <summary>An exact count with thousands separators, for prose and gauges.</summary>
    public static string Grouped(long v) => v.ToString("N0", Inv);

    /// <summary>A limit: exact below a million, then metric (pid_max 4194304 → "4.2M"); null is "unlim".</summary>
    public static string Limit(long? v)
    {
        if (v is not { } x)
        {
            return "unlim";
        }

        return x < 1_000_000 ? x.ToString("N0", Inv) : ((double)x).ToMetric(decimals: 1);
    }

    /// <summary>A limit in a narrow table column: exact up to 7 digits, else metric.</summary>
    public static string LimitCell(long? v)
    {
        if (v is not { } x)
        {
            return "unlim";
        }

        return x < 10_000_000 ? x.ToString(Inv) : ((double)x).ToMetric(decimals: 0);
    }

    /// <summary>
    /// Rounded down, so "100%" only shows when the limit is really reached; one decimal below 10 %, where it
    /// tells "almost nothing" from "nothing".
    /// </summary>
    public static string Percent(double? p) => p switch
    {
        null => "-",
        >= 10 => Math.Floor(p.Value).ToString("0", Inv) + "%",
        _ => (Math.Floor(p.Value * 10) / 10).ToString("0.0", Inv) + "%",
    };

    public static string Cpu(double? p) => p is { } v ? v.ToString("0.0", Inv) : "-";

    /// <summary>Bytes in at most 6 characters: "0", "812K", "97M", "1.2G".</summary>
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

    /// <summary>"3 days, 4 hours" style uptime (two units are enough to know whether a box was rebooted).</summary>
    public static string Uptime(TimeSpan t) => t <= TimeSpan.Zero ? "?" : t.Humanize(2, Inv, minUnit: TimeUnit.Minute);

    public static string Interval(TimeSpan t) => t.TotalSeconds.ToString("0.##", Inv) + "s";

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

    public static string Clip(string s, int width)
    {
        if (width <= 0)
        {
            return "";
        }

        return s.Length <= width ? s : string.Concat(s.AsSpan(0, width - 1), "…");
    }

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
