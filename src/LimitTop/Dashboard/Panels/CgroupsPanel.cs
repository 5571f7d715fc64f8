using LimitTop.Core.Model;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>
/// The cgroups panel's model: cgroups with a pids.max first (tightest first), then the rest; forks rejected; the
/// cgroups' names (Snapshot.Names) and the Kubernetes node row when a kubelet config is present.
/// </summary>
public sealed record CgroupsPanelModel(IReadOnlyList<CgroupUsage> Ordered, long Rejected)
{
    public IReadOnlyDictionary<string, CgroupName>? Names { get; init; }

    public KubeNodeUsage? KubeNode { get; init; }

    public static CgroupsPanelModel Of(Snapshot s)
        => new(s.Cgroups.Where(c => c.PidsMax is not null).Concat(s.Cgroups.Where(c => c.PidsMax is null)).ToList(),
            s.Cgroups.Sum(c => c.ForkRejectionsSinceStart))
        {
            Names = s.Names,
            KubeNode = s.KubeNode,
        };
}

/// <summary>
/// pids cgroups: current vs pids.max, and forks the kernel refused since limittop started. Each row leads with the
/// cgroup's name ("ltc1 (podman)", "nginx.service"); <c>p</c> shows the paths instead (<paramref name="showPaths"/>).
/// </summary>
public static class CgroupsPanel
{
    /// <param name="sparks">pids.current over the last minutes per path (<see cref="PanelModels.CgroupSparks"/>),
    /// drawn after the path from 40 columns; null draws none.</param>
    public static List<StyledLine> Draw(CgroupsPanelModel m, int width, int maxLines,
        IReadOnlyDictionary<string, byte[]>? sparks = null, bool ascii = false, bool showPaths = false)
    {
        var lines = new List<StyledLine>();
        if (maxLines <= 0)
        {
            return lines;
        }

        var ordered = m.Ordered;
        long rejected = m.Rejected;
        bool named = m.Names is { Count: > 0 } && ordered.Any(c => CgroupLabels.Named(m.Names, c.Path) is not null);
        lines.Add(new StyledLine().Add(" PIDS CGROUPS", Tone.Title)
            .Add(rejected > 0 ? $"  {Core.Text.Figures.Plural(rejected, "fork")} rejected since start" : "  tightest first · forks rejected since start",
                rejected > 0 ? Tone.Critical : Tone.Dim)
            .Add(named || showPaths ? (showPaths ? " · paths (p: names)" : " · p: paths") : "", Tone.Dim).Clip(width));
        if (m.KubeNode is { } kube && lines.Count < maxLines)
        {
            lines.Add(new StyledLine().Add(" kubernetes node ", Tone.Label)
                .Add(kube.Sentence, kube.EvictionDue ? Tone.Critical : Tone.Normal).Clip(width));
        }

        if (ordered.Count == 0)
        {
            lines.Add(new StyledLine().Add("  (no pids cgroup found)", Tone.Dim));
            return lines;
        }

        int pathWidth = Math.Clamp(width / 3, 8, 34);
        foreach (var c in ordered.Take(maxLines - lines.Count))
        {
            string rej = c.ForkRejectionsSinceStart > 0 ? " rej +" + Cells.Grouped(c.ForkRejectionsSinceStart) : "";
            // A name keeps its start ("ltc1 (podman)"), a path its end (the leaf); both escaped (the users' words).
            string label = !showPaths && CgroupLabels.Named(m.Names, c.Path) is { } n
                ? Cells.Fit(n.Display, pathWidth, false)
                : Cells.ClipStart(Core.Text.SafeText.Escape(c.Path), pathWidth).PadRight(pathWidth);
            var line = new StyledLine().Add(" " + label + " ", Tone.Label);
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
