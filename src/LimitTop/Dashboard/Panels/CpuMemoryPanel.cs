using LimitTop.Core.Model;
using LimitTop.Core.Text;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>
/// htop's CPU and memory meters, side by side above the limits: "CPU 1 %, memory 70 %" beside an exhausted nproc
/// is the lesson — neither says anything about the limits that refuse a fork. Their bars stay in the ok colour:
/// a busy CPU or full memory is not what this screen grades.
/// </summary>
public static class CpuMemoryPanel
{
    public static StyledLine Draw(SystemUsage sys, int width)
    {
        int each = Math.Max(10, (width - 1) / 2);
        var line = new StyledLine().Add(" ");
        string cpuText = sys.CpuPercent is { } c ? Figures.Cpu(c) + "%" : Cells.Pending;
        line.AddLine(Part("cpu", sys.CpuPercent is { } p ? p / 100 : 0, cpuText, each - 1)).Add(" ");
        string memText = "?";
        double memFraction = 0;
        if (sys.MemTotalBytes is { } total && total > 0 && sys.MemAvailableBytes is { } available)
        {
            long used = Math.Max(0, total - available);
            memFraction = used / (double)total;
            memText = Figures.Bytes(used) + "/" + Figures.Bytes(total) + " " + Figures.Percent(used, total);
        }

        line.AddLine(Part("mem", memFraction, memText, each - 1));
        return line.Clip(width);
    }

    private static StyledLine Part(string label, double fraction, string text, int width)
    {
        var part = new StyledLine().Add(Cells.Fit(label, 5, false) + " ", Tone.Label);
        int bar = Math.Min(40, width - part.Length - text.Length - 1);
        if (bar >= 5)
        {
            part.Add(Meter.Bar(Math.Clamp(fraction, 0, 1), bar, Severity.Ok), Tone.Ok).Add(" ");
        }

        return part.Add(text, Tone.Normal).PadTo(width);
    }
}
