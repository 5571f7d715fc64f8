using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>TCP sockets: overflow alerts, TIME_WAIT buckets, the busiest ephemeral tuple, the state histogram.</summary>
public static class SocketsPanel
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static List<StyledLine> Draw(SocketPanelData? d, int width, int maxLines)
    {
        var lines = new List<StyledLine>();
        if (maxLines <= 0)
        {
            return lines;
        }

        long tcp = d?.TcpStates.Sum(kv => kv.Value) ?? 0;
        lines.Add(new StyledLine().Add(" TCP SOCKETS", Tone.Title)
            .Add(d is null ? "  states · TIME_WAIT buckets · ephemeral ports" : $"  {Cells.Grouped(tcp)} tcp" + (d.Udp is { } u ? $" · {Cells.Grouped(u)} udp" : ""), Tone.Dim).Clip(width));
        if (d is null)
        {
            lines.Add(new StyledLine().Add("  (sockets not sampled)", Tone.Dim));
            return lines;
        }

        if (d.TcpStates.Count == 0 && d.TimeWaitBuckets is null && d.EphemeralRange is null)
        {
            lines.Add(new StyledLine().Add("  (no socket data yet)", Tone.Dim));
            return lines;
        }

        foreach (var alert in d.Alerts)
        {
            if (lines.Count < maxLines)
            {
                lines.Add(new StyledLine().Add(" [!!] " + alert, Tone.Critical).Clip(width));
            }
        }

        if (d.TimeWaitBuckets is { } tw && lines.Count < maxLines)
        {
            lines.Add(new StyledLine().Add(" ").AddLine(Meter.Render("tw buckets", 10, tw, d.TimeWaitBucketsMax, width - 1)));
        }

        if (d.WorstPending && lines.Count < maxLines)
        {
            string range = d.EphemeralRange is { } r ? " of " + Cells.Grouped(r) + " ports" : "";
            lines.Add(new StyledLine().Add(" ephemeral  ", Tone.Label).Add(Cells.Pending + " busiest tuple" + range + ": counting", Tone.Dim).Clip(width));
        }
        else if (d.Worst is { } t && lines.Count < maxLines)
        {
            lines.AddRange(Ephemeral(t, d.EphemeralRange, width).Take(maxLines - lines.Count));
        }
        else if (d.EphemeralRange is { } range && lines.Count < maxLines)
        {
            lines.Add(new StyledLine().Add(" ephemeral  ", Tone.Label).Add(Cells.Grouped(range) + " ports in range, none in use", Tone.Dim).Clip(width));
        }

        // A full bar means exhausted everywhere else on screen: a state's bar is its share of all TCP sockets, and
        // TIME_WAIT's is against what limits it, net.ipv4.tcp_max_tw_buckets (none when that is unknown) — thousands
        // of TIME_WAIT sockets are the red herring, not a limit (docs/kernel-limits.md §9).
        long total = d.TcpStates.Sum(kv => kv.Value);
        foreach (var (state, count) in d.TcpStates)
        {
            if (lines.Count >= maxLines)
            {
                break;
            }

            string num = Cells.Grouped(count);
            bool timeWait = state == "TIME_WAIT";
            string of = timeWait && d.TimeWaitBucketsMax is { } max ? " of " + Cells.Grouped(max) + " buckets" : "";
            int barWidth = Math.Max(0, Math.Min(30, width - 13 - 1 - num.Length - of.Length - 2));
            var line = new StyledLine().Add(" " + Cells.Fit(state, 11, false) + " ", Tone.Label);
            if (barWidth >= 4 && (!timeWait || d.TimeWaitBucketsMax is not null))
            {
                var sev = timeWait ? d.TimeWaitSeverity : Severity.Ok;
                line.Add(Meter.Bar(Meter.Fraction(count, timeWait ? d.TimeWaitBucketsMax : total), barWidth, sev), Cells.ToneOf(sev)).Add(" ");
            }
            else if (barWidth >= 4)
            {
                line.Add(new string(' ', barWidth + 1));
            }

            line.Add(num);
            line.Add(of, Tone.Dim);

            lines.Add(line.Clip(width));
        }

        return lines;
    }

    /// <summary>
    /// The busiest tuple against the ephemeral range. The tuple names the culprit, so the bar gives way to it, and
    /// the remote port is never cut: without room the local address goes first, then the bar. Where even then the
    /// figures would be cut (half of 80 columns), the tuple takes a line of its own under them: the figures are what
    /// the admin acts on.
    /// </summary>
    private static List<StyledLine> Ephemeral(EphemeralTuple t, long? range, int width)
    {
        string tuple = " " + t.Local + "→" + t.Remote + ":" + t.RemotePort.ToString(Inv);
        const int meterMin = 30;
        if (width - 1 - tuple.Length < meterMin)
        {
            tuple = " →" + t.Remote + ":" + t.RemotePort.ToString(Inv);
        }

        if (width - 1 - tuple.Length < 11 + Meter.TailLength(t.Used, range))
        {
            return
            [
                new StyledLine().Add(" ").AddLine(Meter.Render("ephemeral", 10, t.Used, range, width - 1)).Clip(width),
                new StyledLine().Add(new string(' ', 11) + tuple.TrimStart(), Tone.Dim).Clip(width),
            ];
        }

        int meterWidth = Math.Min(48, Math.Max(width - 1 - tuple.Length, Math.Min(meterMin, width - 1 - tuple.Length)));
        var line = new StyledLine().Add(" ").AddLine(Meter.Render("ephemeral", 10, t.Used, range, meterWidth));
        line.Add(tuple, Tone.Dim);
        return [line.Clip(width)];
    }
}
