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

    /// <summary>
    /// The folded log from line <paramref name="top"/> (clamped so the last page is full): one line per kind, scope
    /// and limit with how often (×N), the forks refused or the figure, the first and the last time.
    /// </summary>
    /// <param name="names">The cgroups' names (Snapshot.Names): a cgroup's scope reads "container ltc1 (podman)".</param>
    public static List<StyledLine> Draw(EventLog log, int width, int rows, int top = 0, IReadOnlyDictionary<string, CgroupName>? names = null)
    {
        var folds = log.Folds;
        int body = Math.Max(0, rows - 2);
        top = ClampTop(top, folds.Count, body);
        string where = folds.Count > body && body > 0
            ? string.Create(Inv, $" · rows {top + 1:N0}–{Math.Min(folds.Count, top + body):N0} of {folds.Count:N0} (↑↓ PgUp PgDn Home End)")
            : "";
        var lines = new List<StyledLine>
        {
            new StyledLine().Add(" EVENTS", Tone.Title)
                .Add(string.Create(Inv, $"  {log.Total:N0} since start; repeats of one scope and limit on one line, newest first{where} · Esc or e closes"), Tone.Dim).Clip(width),
        };
        if (rows <= 1)
        {
            return lines.Take(Math.Max(0, rows)).ToList();
        }

        int scopeWidth = Math.Clamp(width - 63 - 14, 10, 40);
        lines.Add(new StyledLine(Tone.TableHeader)
            .Add(" " + Cells.Fit("LAST", 8, false) + " " + Cells.Fit("KIND", 13, false) + " " + Cells.Fit("SCOPE", scopeWidth, false)
                 + " " + Cells.Fit("LIMIT", 11, false) + " " + Cells.Fit("TIMES", 6, true) + " " + Cells.Fit("COUNT", 8, true)
                 + " " + Cells.Fit("FIRST", 8, false) + " CULPRIT", Tone.TableHeader)
            .Clip(width).PadTo(width, Tone.TableHeader));
        if (folds.Count == 0)
        {
            lines.Add(new StyledLine().Add("  no event yet: refused forks, limits reached and findings turning critical land here", Tone.Dim).Clip(width));
        }

        for (int i = top; i < folds.Count && lines.Count < rows; i++)
        {
            var f = folds[i];
            var e = f.Latest;
            var tone = f.Kind == TrendEvent.Critical ? Tone.Warning : Tone.Critical;
            string culprit = e.CulpritPid is { } pid ? string.Create(Inv, $"{e.CulpritName} ({pid})") : "-";
            long count = f.Kind is TrendEvent.ForkRejected or TrendEvent.Refused ? f.Sum : e.Count; // forks refused in all; a figure: the latest
            lines.Add(new StyledLine()
                .Add(" " + Clock(f.Last) + " ", Tone.Normal)
                .Add(Cells.Fit(f.Kind, 13, false) + " ", tone)
                .Add(ScopeCell(f.Scope, names, scopeWidth) + " ", Tone.Label)
                .Add(Cells.Fit(SafeText.Escape(f.Limit.Name), 11, false) + " ", Tone.Normal)
                .Add(Cells.Fit(string.Create(Inv, $"×{f.Times:N0}"), 6, true) + " ", f.Times > 1 ? Tone.Match : Tone.Normal)
                .Add(Cells.Fit(Cells.Grouped(count), 8, true) + " ", Tone.Normal)
                .Add((f.Times > 1 ? Clock(f.First) : Cells.Fit("", 8, false)) + " ", Tone.Dim)
                .Add(culprit, Tone.Dim) // names in a snapshot are escaped already
                .Clip(width));
        }

        return lines;
    }

    /// <summary>A scope in its column: a named cgroup by its name (its start kept), anything else escaped with its end kept.</summary>
    private static string ScopeCell(Scope scope, IReadOnlyDictionary<string, CgroupName>? names, int width)
        => scope.Kind == ScopeKind.Cgroup && CgroupLabels.Named(names, scope.Id) is { } n
            ? Cells.Fit(CgroupLabels.Of(n), width, false)
            : Cells.ClipStart(SafeText.Escape(scope.Key), width).PadRight(width);

    /// <summary>The first line shown: at most the one that fills the last page.</summary>
    public static int ClampTop(int top, int count, int body) => Math.Clamp(top, 0, Math.Max(0, count - Math.Max(1, body)));

    private static string Clock(DateTimeOffset t) => t.ToLocalTime().ToString("HH:mm:ss", Inv);

    /// <summary>The header's words for <paramref name="e"/> while it is new, else null: "! fork refused in /x (3)".</summary>
    public static string? Flash(TrendEvent? e, DateTimeOffset now, IReadOnlyDictionary<string, CgroupName>? names = null)
    {
        if (e is null || now - e.Time >= FlashFor || now < e.Time - FlashFor)
        {
            return null;
        }

        string scope = e.Scope.Kind == ScopeKind.Cgroup
            ? CgroupLabels.Short(names, e.Scope.Id)
            : SafeText.Escape(e.Scope.Key.Replace(':', ' '));
        return e.Kind switch
        {
            TrendEvent.ForkRejected => string.Create(Inv, $"! fork{(e.Count == 1 ? "" : "s")} refused in {scope} ({e.Count:N0})"),
            TrendEvent.LimitReached => string.Create(Inv, $"! {SafeText.Escape(e.Limit.Name)} reached in {scope} ({e.Count:N0})"),
            TrendEvent.Refused or TrendEvent.RefusalBurst => string.Create(Inv, $"! {e.Count:N0} task creation{(e.Count == 1 ? "" : "s")} refused: {e.CulpritName} pid {e.CulpritPid} by {SafeText.Escape(e.Limit.Name)}"),
            TrendEvent.KernelLog => "! kernel: " + (e.Text is { } t ? t[(t.IndexOf("kernel: ", StringComparison.Ordinal) + 8)..] : SafeText.Escape(e.Limit.Name)),
            _ => string.Create(Inv, $"! {SafeText.Escape(e.Limit.Name)} critical in {scope}"),
        };
    }
}
