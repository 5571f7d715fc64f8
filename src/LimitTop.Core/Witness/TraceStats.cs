using System.Globalization;

namespace LimitTop.Core.Witness;

/// <summary>
/// Parses a tracefs <c>per_cpu/cpuN/stats</c> file: events lost are <c>overrun:</c> (overwritten before they were
/// read, the default overwrite mode), <c>commit overrun:</c> and <c>dropped events:</c> (discarded when full with
/// overwrite off) — docs/kernel-limits.md "Attributing a refused task creation".
/// </summary>
public static class TraceStats
{
    public static long Lost(string stats)
    {
        long lost = 0;
        foreach (string line in stats.Split('\n'))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            string key = line[..colon].Trim();
            if (key is "overrun" or "commit overrun" or "dropped events"
                && long.TryParse(line.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long n))
            {
                lost += n;
            }
        }

        return lost;
    }
}
