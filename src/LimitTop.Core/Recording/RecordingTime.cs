using System.Globalization;

namespace LimitTop.Core.Recording;

/// <summary>
/// The times a replay is asked for (issue 28): <c>03:14</c> or <c>03:14:05</c> (that time on the journal's last day,
/// or the day before when it would be after the journal's end), <c>2026-12-07 03:14:05</c> (or with a <c>T</c>,
/// or without seconds), and <c>-2h</c>, <c>-90m</c>, <c>-30s</c>, <c>-1d</c> (before the journal's end). UTC
/// unless the caller passes another offset (the journal records UTC).
/// </summary>
public static class RecordingTime
{
    private static readonly string[] Full = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"];
    private static readonly string[] Clock = ["HH:mm:ss", "HH:mm", "H:mm"];

    /// <summary>Parses <paramref name="text"/> against <paramref name="end"/> (the journal's last tick); false with a sentence when it cannot.</summary>
    public static bool TryParse(string text, DateTimeOffset end, TimeSpan offset, out DateTimeOffset time, out string? error)
    {
        time = default;
        error = null;
        string t = (text ?? "").Trim();
        if (t.Length > 1 && t[0] == '-' && char.IsAsciiDigit(t[1]))
        {
            char unit = t[^1];
            if (!long.TryParse(t.AsSpan(1, t.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n > 36_500L * 86_400)
            {
                error = $"'{text}': a relative time is -N followed by s, m, h or d (e.g. -2h)";
                return false;
            }

            TimeSpan? span = unit switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(Math.Min(n, 36_500)),
                _ => null,
            };
            if (span is not { } s)
            {
                error = $"'{text}': a relative time is -N followed by s, m, h or d (e.g. -2h)";
                return false;
            }

            time = end - s;
            return true;
        }

        if (DateTime.TryParseExact(t, Full, CultureInfo.InvariantCulture, DateTimeStyles.None, out var full))
        {
            time = new DateTimeOffset(full, offset);
            return true;
        }

        if (DateTime.TryParseExact(t, Clock, CultureInfo.InvariantCulture, DateTimeStyles.NoCurrentDateDefault, out var clock))
        {
            var endLocal = end.ToOffset(offset);
            var candidate = new DateTimeOffset(endLocal.Year, endLocal.Month, endLocal.Day, 0, 0, 0, offset) + clock.TimeOfDay;
            time = candidate > end ? candidate.AddDays(-1) : candidate;
            return true;
        }

        error = $"'{text}': not a time (use 03:14, 2026-12-07 03:14:05 or -2h)";
        return false;
    }
}
