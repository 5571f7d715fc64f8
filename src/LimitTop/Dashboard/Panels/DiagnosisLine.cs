using LimitTop.Core.Model;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>
/// The diagnosis's first finding (the limit nearest to refusing a fork), under the gauges — led by the refusal
/// witness's sentence when task creations were refused in the last minute (Core/Analysis/RefusalHeadline).
/// </summary>
public static class DiagnosisLine
{
    /// <param name="names">The cgroups' names (Snapshot.Names): "container ltc1 (podman) pids.max" rather than its path.</param>
    public static StyledLine Draw(IReadOnlyList<Finding> diagnosis, int width, IReadOnlyDictionary<string, CgroupName>? names = null, string? refused = null)
    {
        if (refused is not null)
        {
            // the refusal witness saw task creations refused: that is the headline, before any finding (issue 26)
            var crit = Cells.ToneOf(Severity.Critical);
            var head = new StyledLine().Add(" " + Cells.Marker(Severity.Critical) + " " + refused, crit);
            return (diagnosis.Count > 0 ? head.Add(" · " + diagnosis[0].Message, Tone.Normal) : head).Clip(width);
        }

        if (diagnosis.Count == 0)
        {
            return new StyledLine().Add(" no limit found", Tone.Dim);
        }

        var f = diagnosis[0];
        string marker = f.Severity == Severity.Ok ? "[ok]" : Cells.Marker(f.Severity);
        var tone = Cells.ToneOf(f.Severity);
        var line = new StyledLine().Add(" " + marker + " ", tone);
        if (Exhausted(diagnosis, names) is { } several)
        {
            line.Add(several + " — ", tone); // the one line must not hide a second outage behind the first
        }

        return line.Add(f.Message, f.Severity == Severity.Ok ? Tone.Normal : tone).Clip(width);
    }

    /// <summary>"2 limits exhausted: cgroup /a pids.max, user bob nproc" when more than one limit is spent now; else null.</summary>
    public static string? Exhausted(IReadOnlyList<Finding> diagnosis, IReadOnlyDictionary<string, CgroupName>? names = null)
    {
        var spent = diagnosis.Where(Core.Trends.ForecastWords.AtLimit).ToList();
        if (spent.Count < 2)
        {
            return null;
        }

        string spentNames = string.Join(", ", spent.Take(3).Select(x => CgroupLabels.Words(names, x.Scope) + " " + x.Limit.Name()));
        return $"{spent.Count} limits exhausted: {spentNames}{(spent.Count > 3 ? ", …" : "")}";
    }
}
