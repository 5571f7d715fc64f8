using LimitTop.Core.Model;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>The three system gauges: tasks vs threads-max, PIDs vs pid_max, files vs file-max.</summary>
public static class GaugesPanel
{
    /// <summary>One line when it fits, else one per gauge when <paramref name="tall"/>.</summary>
    public static List<StyledLine> Draw(SystemUsage sys, int width, bool tall)
    {
        var gauges = new (string Label, long Used, long Max)[]
        {
            ("tasks", sys.Tasks, sys.ThreadsMax),
            ("pids", sys.PidsUsed, sys.PidsUsable),
            ("files", sys.OpenFiles, sys.FileMax),
        };
        var lines = new List<StyledLine>();
        if (width >= 96 || !tall)
        {
            int each = (width - 1) / 3;
            var line = new StyledLine().Add(" ");
            foreach (var g in gauges)
            {
                // all three with a bar or none: mixed widths make the line hard to scan
                var meter = each >= 34
                    ? Meter.Render(g.Label, 5, g.Used, g.Max > 0 ? g.Max : null, each - 1, "?")
                    : Meter.Render(g.Label, 5, g.Used, g.Max > 0 ? g.Max : null, Math.Min(each - 1, 4 + 1 + 1 + 30), "?", bar: false);
                line.AddLine(meter.PadTo(each - 1)).Add(" ");
            }

            lines.Add(line.Clip(width));
        }
        else
        {
            foreach (var g in gauges)
            {
                lines.Add(new StyledLine().Add(" ").AddLine(Meter.Render(g.Label, 5, g.Used, g.Max > 0 ? g.Max : null, width - 1, "?")));
            }
        }

        return lines;
    }
}
