using System.Globalization;
using LimitTop.Core.Analysis;
using LimitTop.Core.Model;

namespace LimitTop.Ui;

/// <summary>Pure functions from a snapshot to panel lines of a given width; each returns at most the lines asked for.</summary>
public static class Panels
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static StyledLine Title(Snapshot? s, int width, TimeSpan interval, bool frozen, DateTimeOffset now)
    {
        var line = new StyledLine(Tone.Normal).Add(" limittop ", Tone.Title);
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
            .Add("  " + now.ToLocalTime().ToString("HH:mm:ss", Inv), Tone.Normal)
            .Add("  every " + Cells.Interval(interval), Tone.Dim)
            .Add("  " + Cells.Grouped(sys.Processes) + " procs", Tone.Normal)
            .Add(string.Create(Inv, $"  load {sys.LoadAverage1:0.00} {sys.LoadAverage5:0.00} {sys.LoadAverage15:0.00}"), Tone.Dim);
        if (frozen)
        {
            line.Add("  (shown: " + s.TakenAt.ToLocalTime().ToString("HH:mm:ss", Inv) + ")", Tone.Frozen);
        }

        return line.Clip(width);
    }

    /// <summary>The three system gauges; one line when it fits, else one per gauge when <paramref name="tall"/>.</summary>
    public static List<StyledLine> Gauges(Snapshot s, int width, bool tall)
    {
        var sys = s.System;
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

    public static StyledLine Diagnosis(Snapshot s, int width)
    {
        if (s.Diagnosis.Count == 0)
        {
            return new StyledLine().Add(" no limit found", Tone.Dim);
        }

        var f = s.Diagnosis[0];
        string marker = f.Severity == Severity.Ok ? "[ok]" : Cells.Marker(f.Severity);
        var tone = Cells.ToneOf(f.Severity);
        return new StyledLine().Add(" " + marker + " ", tone).Add(f.Message, f.Severity == Severity.Ok ? Tone.Normal : tone).Clip(width);
    }

    /// <summary>Users ordered by their worst percent (the one nearest a limit first), then by tasks.</summary>
    public static IReadOnlyList<UserUsage> RankUsers(Snapshot s)
        => s.Users.OrderByDescending(UserWorstPercent).ThenByDescending(u => u.ChargedTasks).ThenBy(u => u.Uid).ToList();

    public static double UserWorstPercent(UserUsage u)
    {
        double worst = -1;
        if (!u.Exempt && Severities.Percent(u.ChargedTasks, u.Nproc.Min) is { } a)
        {
            worst = Math.Max(worst, a);
        }

        if (u.SigQueued is { } q && Severities.Percent(q, u.Sigpending.Min) is { } b)
        {
            worst = Math.Max(worst, b);
        }

        if (u.WorstNofile is { Soft: { } soft } w && Severities.Percent(w.Fds, soft) is { } c)
        {
            worst = Math.Max(worst, c);
        }

        return worst;
    }

    public static List<StyledLine> Users(Snapshot s, int width, int maxLines)
    {
        var lines = new List<StyledLine>();
        if (maxLines <= 0)
        {
            return lines;
        }

        var users = RankUsers(s);
        int rows = Math.Min(users.Count, maxLines - 1);
        string more = rows < users.Count ? $"  (+{users.Count - rows} more)" : "";
        lines.Add(new StyledLine().Add(" USERS", Tone.Title)
            .Add("  nproc: tasks vs lowest soft limit · sigpending: queued signals · nofile: worst process" + more, Tone.Dim).Clip(width));

        const int nameWidth = 10;
        int avail = width - nameWidth - 2;
        int meters = avail >= 3 * 30 ? 3 : avail >= 2 * 24 ? 2 : 1;
        bool shortLabels = avail / meters < 30;
        int each = avail / meters;
        var shown = users.Take(rows).ToList();
        if (shown.Count == 0)
        {
            return lines;
        }

        // the same room for numbers in every row, so the bars of one column line up
        int nprocTail = shown.Max(u => u.Exempt ? 0 : Meter.TailLength(u.ChargedTasks, u.Nproc.Min));
        int sigTail = shown.Max(u => u.SigQueued is { } q ? Meter.TailLength(q, u.Sigpending.Min) : 0);
        int nofileTail = shown.Max(u => u.WorstNofile is { } w ? Meter.TailLength(w.Fds, w.Soft) : 0);
        foreach (var u in shown)
        {
            var line = new StyledLine().Add(" " + Cells.Fit(u.Name, nameWidth, right: false) + " ", Tone.Label);
            line.AddLine(NprocMeter(u, each - 1, shortLabels, nprocTail)).Add(" ");
            if (meters == 3)
            {
                line.AddLine(SigMeter(u, each - 1, shortLabels, sigTail)).Add(" ");
            }

            if (meters >= 2)
            {
                line.AddLine(NofileMeter(u, each - 1, shortLabels, nofileTail));
            }

            lines.Add(line.Clip(width));
        }

        return lines;
    }

    private static StyledLine NprocMeter(UserUsage u, int width, bool shortLabel, int tail)
    {
        string label = shortLabel ? "np" : "nproc";
        int lw = shortLabel ? 2 : 6;
        if (u.Exempt)
        {
            return new StyledLine().Add(Cells.Fit(label, lw, false) + " ", Tone.Label)
                .Add("exempt", Tone.Ok).Add(" (root) " + Cells.Grouped(u.Tasks) + " tasks", Tone.Dim).Clip(width).PadTo(width);
        }

        if (!u.Nproc.Known)
        {
            return new StyledLine().Add(Cells.Fit(label, lw, false) + " ", Tone.Label)
                .Add("? (limits not readable) " + Cells.Grouped(u.ChargedTasks) + " tasks", Tone.Dim).Clip(width).PadTo(width);
        }

        // Charged tasks: what the kernel's counter holds, including tasks in user namespaces the user owns.
        return Meter.Render(label, lw, u.ChargedTasks, u.Nproc.Min, width, tailWidth: tail);
    }

    private static StyledLine SigMeter(UserUsage u, int width, bool shortLabel, int tail)
    {
        string label = shortLabel ? "sq" : "sigq";
        int lw = shortLabel ? 2 : 5;
        return u.SigQueued is { } q
            ? Meter.Render(label, lw, q, u.Sigpending.Min, width, tailWidth: tail)
            : new StyledLine().Add(Cells.Fit(label, lw, false) + " ", Tone.Label).Add("?", Tone.Dim).PadTo(width);
    }

    private static StyledLine NofileMeter(UserUsage u, int width, bool shortLabel, int tail)
    {
        string label = shortLabel ? "nf" : "nofile";
        int lw = shortLabel ? 2 : 6;
        return u.WorstNofile is { } w
            ? Meter.Render(label, lw, w.Fds, w.Soft, width, tailWidth: tail)
            : new StyledLine().Add(Cells.Fit(label, lw, false) + " ", Tone.Label).Add("? (fds not readable)", Tone.Dim).Clip(width).PadTo(width);
    }

    public static List<StyledLine> Cgroups(Snapshot s, int width, int maxLines)
    {
        var lines = new List<StyledLine>();
        if (maxLines <= 0)
        {
            return lines;
        }

        var ordered = s.Cgroups.Where(c => c.PidsMax is not null).Concat(s.Cgroups.Where(c => c.PidsMax is null)).ToList();
        long rejected = s.Cgroups.Sum(c => c.ForkRejectionsSinceStart);
        lines.Add(new StyledLine().Add(" PIDS CGROUPS", Tone.Title)
            .Add(rejected > 0 ? $"  {Cells.Grouped(rejected)} forks rejected since start" : "  tightest first · forks rejected since start",
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
            var line = new StyledLine().Add(" " + Cells.ClipStart(c.Path, pathWidth).PadRight(pathWidth) + " ", Tone.Label);
            int meterWidth = width - line.Length - rej.Length;
            line.AddLine(Meter.Render("", 0, c.PidsCurrent, c.PidsMax, Math.Max(0, meterWidth), "no max"));
            line.Add(rej, Tone.Critical);
            lines.Add(line.Clip(width));
        }

        return lines;
    }

    public static List<StyledLine> Sockets(SocketPanelData? d, int width, int maxLines)
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
            // the tuple names the culprit, so the bar gives way to it
            string tuple = " " + t.Local + "→" + t.Remote + ":" + t.RemotePort.ToString(Inv);
            int meterWidth = Math.Clamp(width - 1 - tuple.Length, 34, 48);
            var line = new StyledLine().Add(" ").AddLine(Meter.Render("ephemeral", 10, t.Used, d.EphemeralRange, meterWidth));
            line.Add(tuple, Tone.Dim);
            lines.Add(line.Clip(width));
        }
        else if (d.EphemeralRange is { } range && lines.Count < maxLines)
        {
            lines.Add(new StyledLine().Add(" ephemeral  ", Tone.Label).Add(Cells.Grouped(range) + " ports in range, none in use", Tone.Dim).Clip(width));
        }

        long top = d.TcpStates.Count > 0 ? d.TcpStates.Max(kv => kv.Value) : 0;
        foreach (var (state, count) in d.TcpStates)
        {
            if (lines.Count >= maxLines)
            {
                break;
            }

            string num = Cells.Grouped(count);
            int barWidth = Math.Max(0, Math.Min(30, width - 13 - 1 - num.Length - 2));
            var line = new StyledLine().Add(" " + Cells.Fit(state, 11, false) + " ", Tone.Label);
            if (barWidth >= 4)
            {
                var sev = state == "TIME_WAIT" && d.TimeWaitBucketsMax is { } mx ? Severities.Of(Severities.Percent(count, mx)) : Severity.Ok;
                line.Add(Meter.Bar(Meter.Fraction(count, top), barWidth, sev), Cells.ToneOf(sev)).Add(" ");
            }

            line.Add(num);
            lines.Add(line.Clip(width));
        }

        return lines;
    }
}
