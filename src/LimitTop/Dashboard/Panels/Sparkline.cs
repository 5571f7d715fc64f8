using LimitTop.Core.Trends;
using LimitTop.Core.Model;

namespace LimitTop.Dashboard;

/// <summary>
/// A figure's last minutes as a row of levels 0–7 (one cell per equal slice of time, the slice's largest value,
/// scaled between the window's smallest and largest), drawn as ▁▂▃▄▅▆▇█ or, on a terminal without them
/// (TERM=dumb), as " .:-=+*#". Levels are computed once per shown snapshot; glyphs are picked at draw time.
/// </summary>
public static class Sparkline
{
    /// <summary>How far back the users and cgroups panels look (TrendTracker keeps 10 s buckets there).</summary>
    public const int WindowSeconds = 600;

    /// <summary>Cells per sparkline.</summary>
    public const int Cells = 8;

    private const string Blocks = "▁▂▃▄▅▆▇█";
    private const string Ascii = " .:-=+*#";

    /// <summary>Levels for <paramref name="points"/> (oldest first) in <paramref name="cells"/> cells; empty when there are none.
    /// Slices with no point repeat the previous level (a gap in sampling is not a fall to zero).</summary>
    public static byte[] Levels(ReadOnlySpan<SeriesPoint> points, int cells = Cells)
    {
        if (points.Length == 0 || cells <= 0)
        {
            return [];
        }

        float lo = float.MaxValue, hi = float.MinValue;
        foreach (var p in points)
        {
            lo = Math.Min(lo, p.Value);
            hi = Math.Max(hi, p.Value);
        }

        int first = points[0].Second, last = points[^1].Second;
        double span = Math.Max(1, last - first + 1);
        var max = new float[cells];
        var seen = new bool[cells];
        foreach (var p in points)
        {
            int i = Math.Min(cells - 1, (int)((p.Second - first) * cells / span));
            max[i] = seen[i] ? Math.Max(max[i], p.Value) : p.Value;
            seen[i] = true;
        }

        var levels = new byte[cells];
        float previous = points[0].Value;
        for (int i = 0; i < cells; i++)
        {
            float v = seen[i] ? max[i] : previous;
            previous = v;
            levels[i] = hi > lo ? (byte)Math.Clamp((int)Math.Round((v - lo) / (hi - lo) * 7), 0, 7) : (byte)0;
        }

        return levels;
    }

    public static string Render(byte[] levels, bool ascii)
    {
        string glyphs = ascii ? Ascii : Blocks;
        return string.Create(levels.Length, (levels, glyphs), static (span, st) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = st.glyphs[st.levels[i]];
            }
        });
    }

    /// <summary>The levels of one scope's figure from the tracker; empty when the scope is not tracked.</summary>
    public static byte[] Of(TrendTracker trends, string scope, string figure)
    {
        Span<SeriesPoint> buf = stackalloc SeriesPoint[128];
        int n = trends.Recent(scope, figure, WindowSeconds, buf);
        return Levels(buf[..n]);
    }
}
