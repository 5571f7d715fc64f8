namespace LimitTop.Core.Recording;

/// <summary>
/// Removes whole segments, oldest first (docs/recording.md "Retention"): those whose ticks are all older than the
/// keep time (a segment ends where the next begins), then the oldest beyond the byte bound. Never the open one.
/// </summary>
public static class JournalRetention
{
    /// <summary>Returns the names removed.</summary>
    public static IReadOnlyList<string> Apply(IJournalFiles files, string? openName, DateTimeOffset now, TimeSpan keep, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(files);
        var segments = files.List()
            .Select(e => (Entry: e, Start: JournalLayout.TryParseSegmentName(e.Name, out var s) ? s : DateTimeOffset.MinValue))
            .OrderBy(x => x.Start).ThenBy(x => x.Entry.Name, StringComparer.Ordinal)
            .ToList();
        var removed = new List<string>();
        long total = segments.Sum(x => x.Entry.Bytes);
        for (int i = 0; i < segments.Count; i++)
        {
            var (entry, _) = segments[i];
            if (string.Equals(entry.Name, openName, StringComparison.Ordinal))
            {
                continue;
            }

            DateTimeOffset end = i + 1 < segments.Count ? segments[i + 1].Start : now;
            bool tooOld = now - end > keep;
            bool tooBig = total > maxBytes;
            if (!tooOld && !tooBig)
            {
                break; // oldest first: once one stays, every later one stays
            }

            if (files.Delete(entry.Name) == 0)
            {
                total -= entry.Bytes;
                removed.Add(entry.Name);
            }
        }

        return removed;
    }
}
