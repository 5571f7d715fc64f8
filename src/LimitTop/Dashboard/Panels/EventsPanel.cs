using System.Globalization;
using LimitTop.Core.Text;
using LimitTop.Core.Trends;
using LimitTop.Frames;
using LimitTop.Core.Model;

namespace LimitTop.Dashboard;

/// <summary>
/// The event log (key e): refused forks, limits reached, findings turned critical (Core/Trends/TrendEvent.cs),
/// newest first, in place of the panels and the table; and the header's flash for a new one.
/// </summary>
public static class EventsPanel
{
    /// <summary>How long a new event flashes in the header.</summary>
    public static readonly TimeSpan FlashFor = TimeSpan.FromSeconds(5);

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static List<StyledLine> Draw(IReadOnlyList<TrendEvent> events, long total, int width, int rows)
    {
        var lines = new List<StyledLine>
        {
            new StyledLine().Add(" EVENTS", Tone.Title)
                .Add(string.Create(Inv, $"  {events.Count} kept of {total:N0} since start, newest first (Esc or e closes)"), Tone.Dim).Clip(width),
        };
        if (rows <= 1)
        {
            return lines.Take(Math.Max(0, rows)).ToList();
        }

        int scopeWidth = Math.Clamp(width - 8 - 14 - 12 - 8 - 24, 10, 40);
        lines.Add(new StyledLine(Tone.TableHeader)
            .Add(" " + Cells.Fit("TIME", 8, false) + " " + Cells.Fit("KIND", 13, false) + " " + Cells.Fit("SCOPE", scopeWidth, false)
                 + " " + Cells.Fit("LIMIT", 11, false) + " " + Cells.Fit("COUNT", 7, true) + " CULPRIT", Tone.TableHeader)
            .Clip(width).PadTo(width, Tone.TableHeader));
        if (events.Count == 0)
        {
            lines.Add(new StyledLine().Add("  no event yet: refused forks, limits reached and findings turning critical land here", Tone.Dim).Clip(width));
        }

        for (int i = events.Count - 1; i >= 0 && lines.Count < rows; i--)
        {
            var e = events[i];
            var tone = e.Kind == TrendEvent.Critical ? Tone.Warning : Tone.Critical;
            string culprit = e.CulpritPid is { } pid ? string.Create(Inv, $"{e.CulpritName} ({pid})") : "-";
            lines.Add(new StyledLine()
                .Add(" " + e.Time.ToLocalTime().ToString("HH:mm:ss", Inv) + " ", Tone.Normal)
                .Add(Cells.Fit(e.Kind, 13, false) + " ", tone)
                .Add(Cells.ClipStart(SafeText.Escape(e.Scope), scopeWidth).PadRight(scopeWidth) + " ", Tone.Label)
                .Add(Cells.Fit(SafeText.Escape(e.Limit), 11, false) + " " + Cells.Fit(Cells.Grouped(e.Count), 7, true) + " ", Tone.Normal)
                .Add(culprit, Tone.Dim) // names in a snapshot are escaped already
                .Clip(width));
        }

        return lines;
    }

    /// <summary>The header's words for <paramref name="e"/> while it is new, else null: "! fork refused in /x (3)".</summary>
    public static string? Flash(TrendEvent? e, DateTimeOffset now)
    {
        if (e is null || now - e.Time >= FlashFor || now < e.Time - FlashFor)
        {
            return null;
        }

        string scope = SafeText.Escape(e.Scope.StartsWith("cgroup:", StringComparison.Ordinal) ? e.Scope[7..] : e.Scope.Replace(':', ' '));
        return e.Kind switch
        {
            TrendEvent.ForkRejected => string.Create(Inv, $"! fork{(e.Count == 1 ? "" : "s")} refused in {scope} ({e.Count:N0})"),
            TrendEvent.LimitReached => string.Create(Inv, $"! {SafeText.Escape(e.Limit)} reached in {scope} ({e.Count:N0})"),
            _ => string.Create(Inv, $"! {SafeText.Escape(e.Limit)} critical in {scope}"),
        };
    }
}
