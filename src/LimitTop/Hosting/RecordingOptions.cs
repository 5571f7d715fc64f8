using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace LimitTop.Hosting;

/// <summary>
/// The words of the recording options (issue 28): an age as <c>7d</c>/<c>36h</c>/<c>90m</c>/<c>600s</c> (or
/// seconds), a size as <c>1G</c>/<c>256M</c>/<c>500K</c> (binary units, or bytes), and which options go together
/// (--at and --events need --replay; a replay records nothing and is not headless).
/// </summary>
internal static class RecordingOptions
{
    /// <summary>256 MiB: a week of this VM's own journal, about five days at the field load (docs/recording.md "Retention").</summary>
    public const long DefaultMaxBytes = 256L << 20;

    public static TimeSpan ParseAge(ArgumentResult r)
    {
        if (Single(r) is not { } text)
        {
            return TimeSpan.Zero;
        }

        if (TryAge(text, out var age))
        {
            return age;
        }

        r.AddError($"{Name(r)}: '{Core.Text.SafeText.Escape(text)}' is not an age (e.g. 7d, 36h, 90m)");
        return TimeSpan.Zero;
    }

    public static long ParseSize(ArgumentResult r)
    {
        if (Single(r) is not { } text)
        {
            return 0;
        }

        if (TrySize(text, out long bytes))
        {
            return bytes;
        }

        r.AddError($"{Name(r)}: '{Core.Text.SafeText.Escape(text)}' is not a size (e.g. 1G, 256M, 500K, or bytes)");
        return 0;
    }

    public static bool TryAge(string text, out TimeSpan age)
    {
        age = default;
        string t = text.Trim();
        if (t.Length == 0)
        {
            return false;
        }

        double unit = char.ToLowerInvariant(t[^1]) switch { 'd' => 86_400, 'h' => 3_600, 'm' => 60, 's' => 1, _ => 0 };
        string digits = unit == 0 ? t : t[..^1];
        unit = unit == 0 ? 1 : unit;
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) || !(n > 0) || n * unit > 3650.0 * 86_400)
        {
            return false;
        }

        age = TimeSpan.FromSeconds(n * unit);
        return true;
    }

    public static bool TrySize(string text, out long bytes)
    {
        bytes = 0;
        string t = text.Trim();
        if (t.EndsWith("iB", StringComparison.OrdinalIgnoreCase))
        {
            t = t[..^2];
        }
        else if (t.EndsWith('B') || t.EndsWith('b'))
        {
            t = t[..^1];
        }

        if (t.Length == 0)
        {
            return false;
        }

        int shift = char.ToUpperInvariant(t[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        string digits = shift == 0 ? t : t[..^1];
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) || !(n >= 1) || n * Math.Pow(2, shift) > (double)(1L << 50))
        {
            return false;
        }

        bytes = (long)(n * Math.Pow(2, shift));
        return true;
    }

    /// <summary>The recording options given where they do nothing, one line each.</summary>
    public static IEnumerable<string> Problems(CommandLine cl, ParseResult r)
    {
        bool replay = r.GetValue(cl.Replay) is not null;
        foreach (var o in new Option[] { cl.At, cl.Events })
        {
            if (!replay && r.GetResult(o) is { Implicit: false })
            {
                yield return $"{o.Name} needs --replay DIR";
            }
        }

        if (!replay)
        {
            foreach (var o in cl.RecordOnly)
            {
                if (o != cl.Record && r.GetValue(cl.Record) is null && r.GetResult(o) is { Implicit: false })
                {
                    yield return $"{o.Name} needs --record DIR";
                }
            }

            yield break;
        }

        foreach (var o in cl.RecordOnly.Append(cl.Headless).Append(cl.Why))
        {
            if (r.GetResult(o) is { Implicit: false })
            {
                yield return $"{o.Name} cannot be used with --replay (a replay records and samples nothing)";
            }
        }

        if (r.GetValue(cl.Events) && (r.GetValue(cl.Once) || r.GetResult(cl.At) is { Implicit: false }))
        {
            yield return "--events lists every event; --at and --once show one moment: give one or the other";
        }
    }

    private static string? Single(ArgumentResult r)
    {
        if (r.Tokens.Count == 1)
        {
            return r.Tokens[0].Value;
        }

        r.AddError($"{Name(r)} needs a value");
        return null;
    }

    private static string Name(ArgumentResult r) => r.Parent is OptionResult o ? o.IdentifierToken?.Value ?? o.Option.Name : "value";
}
