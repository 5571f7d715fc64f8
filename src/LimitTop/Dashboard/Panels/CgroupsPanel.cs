using LimitTop.Core.Model;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>The cgroups panel's model: cgroups with a pids.max first (tightest first), then the rest; forks rejected.</summary>
public sealed record CgroupsPanelModel(IReadOnlyList<CgroupUsage> Ordered, long Rejected)
{
    public static CgroupsPanelModel Of(Snapshot s)
        => new(s.Cgroups.Where(c => c.PidsMax is not null).Concat(s.Cgroups.Where(c => c.PidsMax is null)).ToList(),
            s.Cgroups.Sum(c => c.ForkRejectionsSinceStart));
}

/// <summary>pids cgroups: current vs pids.max, and forks the kernel refused since limittop started.</summary>
public static class CgroupsPanel
{
    /// <param name="sparks">pids.current over the last minutes per path (<see cref="PanelModels.CgroupSparks"/>),
    /// drawn after the path from 40 columns; null draws none.</param>
    public static List<StyledLine> Draw(CgroupsPanelModel m, int width, int maxLines,
        IReadOnlyDictionary<string, byte[]>? sparks = null, bool ascii = false)
    {
        var lines = new List<StyledLine>();
        if (maxLines <= 0)
        {
            return lines;
        }

        var ordered = m.Ordered;
        long rejected = m.Rejected;
        lines.Add(new StyledLine().Add(" PIDS CGROUPS", Tone.Title)
            .Add(rejected > 0 ? $"  {Core.Text.Figures.Plural(rejected, "fork")} rejected since start" : "  tightest first · forks rejected since start",
                rejected > 0 ? Tone.Critical : Tone.Dim).Clip(width));
        if (ordered.Count == 0)
        {
            lines.Add(new StyledLine().Add("  (no pids cgroup found)", Tone.Dim));
            return lines;
        }

        int pathWidth = Math.Clamp(width / 3, 8, 34);
        foreach (var c in ordered.Take(maxLines - 1))
        {
            string rej = c.ForkRejectionsSinceStart > 0 ? " rej +" + Cells.Grouped(c.ForkRejectionsSinceStart) : "";
            var line = new StyledLine().Add(" " + Cells.ClipStart(Core.Text.SafeText.Escape(c.Path), pathWidth).PadRight(pathWidth) + " ", Tone.Label); // a name is the user's word
            if (sparks is not null && width >= 40)
            {
                byte[] levels = sparks.TryGetValue(c.Path, out var l) ? l : [];
                line.Add(Sparkline.Render(levels, ascii).PadRight(Sparkline.Cells) + " ", Tone.Dim);
            }

            int meterWidth = width - line.Length - rej.Length;
            line.AddLine(Meter.Render("", 0, c.PidsCurrent, c.PidsMax, Math.Max(0, meterWidth), "no max"));
            line.Add(rej, Tone.Critical);
            lines.Add(line.Clip(width));
        }

        return lines;
    }
}
