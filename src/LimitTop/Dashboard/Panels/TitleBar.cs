using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>The top line: host, uptime, clock, refresh interval, process count, load, and FROZEN when frozen.</summary>
public static class TitleBar
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="flash">A new event's words ("! fork refused in /x (3)"), shown for a few seconds; see
    /// <see cref="EventsPanel.Flash"/>.</param>
    public static StyledLine Draw(Snapshot? s, int width, TimeSpan interval, bool frozen, DateTimeOffset now, string? flash = null, string? replay = null)
    {
        var line = new StyledLine(Tone.Normal).Add(" limittop ", Tone.Title);
        if (replay is not null)
        {
            line.Add(" " + replay + " ", Tone.Frozen); // a recorded moment must never be mistaken for now
        }

        if (flash is not null)
        {
            line.Add(" " + flash + " ", Tone.Critical);
        }

        if (frozen)
        {
            line.Add(" FROZEN ", Tone.Frozen);
        }

        if (s is null)
        {
            return line.Add(" sampling…", Tone.Dim).Clip(width);
        }

        var sys = s.System;
        line.Add(" " + sys.Hostname, Tone.Label)
            .Add("  up " + Cells.Uptime(sys.Uptime), Tone.Normal)
            .Add(replay is null ? "  " + now.ToLocalTime().ToString("HH:mm:ss", Inv) : "", Tone.Normal)
            .Add("  every " + Cells.Interval(interval), Tone.Dim)
            .Add("  " + Cells.Grouped(sys.Processes) + " procs", Tone.Normal)
            .Add(string.Create(Inv, $"  load {sys.LoadAverage1:0.00} {sys.LoadAverage5:0.00} {sys.LoadAverage15:0.00}"), Tone.Dim);
        if (frozen)
        {
            line.Add("  (shown: " + s.TakenAt.ToLocalTime().ToString("HH:mm:ss", Inv) + ")", Tone.Frozen);
        }

        return line.Clip(width);
    }
}
