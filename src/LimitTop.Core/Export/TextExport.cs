using System.Globalization;
using System.Text;
using LimitTop.Core.Model;
using LimitTop.Core.Text;

namespace LimitTop.Core.Export;

/// <summary>The plain-text report of <c>limittop --once</c>: no escape codes, fixed-width columns.</summary>
public static class TextExport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(Snapshot s, int topProcesses = 15)
    {
        var sb = new StringBuilder(8192);
        var sys = s.System;
        sb.Append(Inv, $"limittop — {sys.Hostname} — {s.TakenAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z — up {Figures.Uptime(sys.Uptime)} — load {sys.LoadAverage1:0.00} {sys.LoadAverage5:0.00} {sys.LoadAverage15:0.00}\n\n");

        sb.Append("System\n");
        Gauge(sb, "tasks", sys.Tasks, sys.ThreadsMax, LimitNames.ThreadsMax);
        Gauge(sb, "pids", sys.PidsUsed, sys.PidsUsable, sys.PidsLowest > 1 ? LimitNames.PidMax + " " + Figures.Count(sys.PidMax) + " − " + sys.PidsLowest.ToString(Inv) : LimitNames.PidMax);
        Gauge(sb, "open files", sys.OpenFiles, sys.FileMax, LimitNames.FileMax);
        if (sys.OvercommitMode == 2 && sys.CommittedAsBytes is { } ca && sys.CommitLimitBytes is { } cl)
        {
            Gauge(sb, "commit MiB", ca >> 20, cl >> 20, "CommitLimit");
        }

        sb.Append(Inv, $"  {"processes",-12}{Figures.Count(sys.Processes),12}\n\n");

        sb.Append("Users (by real uid, as RLIMIT_NPROC counts)\n");
        sb.Append(Inv, $"  {"USER",-16}{"UID",7}{"TASKS",8}{"PROCS",7}  {"NPROC soft",-16}{"USE",7}  {"SIGQ",-16}WORST NOFILE\n");
        foreach (var u in s.Users)
        {
            string nproc = u.Exempt ? "exempt (root)" : Range(u.Nproc);
            string use = u.Exempt ? "" : Pct(u.ChargedTasks, u.Nproc.Min);
            string sig = u.SigQueued is { } q ? $"{Figures.Count(q)}/{Range(u.Sigpending)}" : "?";
            string nofile = u.WorstNofile is { } w ? $"{Figures.Count(w.Fds)}/{Num(w.Soft)} pid {w.Pid} {w.Name}" : "";
            sb.Append(Inv, $"  {Clip(u.Name, 16),-16}{u.Uid,7}{Figures.Count(u.ChargedTasks),8}{Figures.Count(u.Processes),7}  {nproc,-16}{use,7}  {sig,-16}{Clip(nofile, 38)}\n");
            if (u.UserNamespaceTasks > 0)
            {
                sb.Append(Inv, $"  {"",-16}{"",7}  incl. {Figures.Count(u.UserNamespaceTasks)} tasks in user namespaces it owns (ps shows them under their mapped uids)\n");
            }
        }

        sb.Append('\n');
        sb.Append("Cgroups (pids controller)\n");
        if (s.Cgroups.Count == 0)
        {
            sb.Append("  (no pids cgroup found)\n");
        }
        else
        {
            sb.Append(Inv, $"  {"CURRENT",9}{"MAX",9}{"HEADROOM",10}{"REJECTED",10}  {"V",1}  NAME · PATH (binding limit)\n");
            foreach (var c in s.Cgroups)
            {
                string binding = c.BindingPath is { } b && b != c.Path ? $"  (bound by {CgroupLabels.Short(s.Names, b)})" : "";
                string rej = c.ForkRejections is { } r ? Figures.Count(r) : "-";
                string name = CgroupLabels.Named(s.Names, c.Path) is { } n ? n.Display + " · " : "";
                sb.Append(Inv, $"  {Figures.Count(c.PidsCurrent),9}{Num(c.PidsMax),9}{Num(c.EffectiveHeadroom),10}{rej,10}  {c.Version,1}  {name}{SafeText.Escape(c.Path)}{binding}\n");
            }
        }

        if (s.KubeNode is { } kube)
        {
            sb.Append(Inv, $"  Kubernetes node ({SafeText.Escape(kube.ConfigFile)}): {kube.Sentence}{(kube.EvictionDue ? " — eviction due" : "")}\n");
        }

        if (s.Sockets is { } sockets)
        {
            SocketsSection(sb, sockets, s);
        }

        sb.Append('\n');
        sb.Append("Top processes by threads\n");
        sb.Append(Inv, $"  {"PID",7} {"USER",-10}{"THR",7}{"FDS",7}{"NOFILE",8}{"NPROC",8} S {"CPU%",6}{"RSS",9}  {"CGROUP",-18}COMMAND\n"); // CGROUP: its name when known
        foreach (var p in s.Processes.Where(p => !p.IsKernelThread).OrderByDescending(p => p.Threads).ThenBy(p => p.Pid).Take(topProcesses))
        {
            string fds = p.Fds is { } f ? Figures.Count(f) : "?";
            string nofile = p.Fds is { } ff && p.Limits?.Nofile.Soft is { } ns ? Pct(ff, ns) : "?";
            string nproc = p.Limits is { } l ? Num(l.Nproc.Soft) : "?";
            string cpu = Figures.Cpu(p.CpuPercent);
            string cmd = p.Cmdline.Length > 0 ? p.Cmdline : $"[{p.Name}]";
            sb.Append(Inv, $"  {p.Pid,7} {Clip(p.User, 10),-10}{Figures.Count(p.Threads),7}{fds,7}{nofile,8}{nproc,8} {p.State} {cpu,6}{Figures.Bytes(p.RssBytes),9}  {Clip(p.Cgroup is { } cg ? CgroupLabels.Short(s.Names, cg) : "-", 17),-18}{Clip(cmd, 32)}\n");
        }

        sb.Append('\n');
        sb.Append("Diagnosis (closest limit first)\n");
        if (Analysis.RefusalHeadline.Of(s) is { } refused)
        {
            sb.Append("  [CRIT] ").Append(refused).Append('\n');
        }

        foreach (var f in RankedFindings.Of(s.Diagnosis).Take(OnceFindings))
        {
            string tag = f.Severity switch { Severity.Critical => "CRIT", Severity.Warning => "WARN", _ => " ok " };
            sb.Append(Inv, $"  [{tag}] {f.Message}\n");
        }

        RefusalText.Append(sb, s.Refusals);
        if (s.Events.Count > 0)
        {
            sb.Append("\nEvents (last 20, oldest first)\n");
            foreach (var e in s.Events.Skip(Math.Max(0, s.Events.Count - 20)))
            {
                sb.Append("  ").Append(e.Line(s.Names)).Append('\n');
            }
        }

        if (s.Warnings.Count > 0)
        {
            sb.Append('\n');
            sb.Append("Not complete\n");
            foreach (var w in s.Warnings)
            {
                sb.Append("  ").Append(w).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>Findings <c>--once</c> prints (RankedFindings' first; the dashboard's f lists them all).</summary>
    public const int OnceFindings = 12;

    /// <summary>How a figure that is not measured yet prints (never as 0).</summary>
    public const string Pending = "…pending";

    private static void SocketsSection(StringBuilder sb, SocketSummary so, Snapshot s)
    {
        string split = so.TcpV4 is { } v4 && so.TcpV6 is { } v6 && so.DetailAge is { } age
            ? string.Create(Inv, $" = IPv4 {Figures.Count(v4.Total)} + IPv6 {Figures.Count(v6.Total)}{(age > TimeSpan.FromSeconds(1) ? $", v4/v6 split {age.TotalSeconds:0}s old" : "")}")
            : $" (v4/v6 split {Pending})";
        sb.Append('\n');
        sb.Append(Inv, $"Sockets ({(so.Source == SocketSource.Netlink ? "netlink" : "/proc/net")}; TCP {Figures.Count(so.Tcp.Total)}{split}; UDP {Figures.Count(so.Udp)})\n");
        for (int i = 1; i < TcpStateCounts.Names.Count; i++)
        {
            sb.Append(Inv, $"  {TcpStateCounts.Names[i],-12}{Figures.Count(so.Tcp[i]),8}");
            if (i % 4 == 0 || i == TcpStateCounts.Names.Count - 1)
            {
                sb.Append('\n');
            }
        }

        if (so.TimeWaitBuckets is { } tw)
        {
            Gauge(sb, "tw buckets", tw, so.TimeWaitBucketsMax ?? 0, "tcp_max_tw_buckets");
        }

        if (so.Orphans is { } orphans)
        {
            Gauge(sb, "orphans", orphans, so.OrphansMax ?? 0, "tcp_max_orphans");
        }

        if (so.ListenOverflows is { } lo)
        {
            sb.Append(Inv, $"  {"listen ovfl",-12}{Figures.Count(lo),12} since boot, {Figures.Count(so.ListenOverflowsSinceStart)} since start\n");
        }

        if (so.EphemeralPorts is { } e)
        {
            if (so.DetailPending)
            {
                sb.Append(Inv, $"  {"ports/tuple",-12}{Pending,12} / {Figures.Count(e.RangeSize),-14} {"ephemeral",-12} (busiest tuple: first full walk {Pending})\n");
            }
            else if (e.Worst is { } w)
            {
                string remote = w.Remote.Contains(':', StringComparison.Ordinal) ? $"[{w.Remote}]" : w.Remote;
                sb.Append(Inv, $"  {"ports/tuple",-12}{Figures.Count(w.Used),12} / {Figures.Count(e.RangeSize),-14} {"ephemeral",-20} {Pct(w.Used, e.RangeSize)}  {w.Local} → {remote}:{w.RemotePort}\n");
            }
            else
            {
                sb.Append(Inv, $"  {"ports/tuple",-12}{0,12} / {Figures.Count(e.RangeSize),-14} ephemeral            (range {e.Low}–{e.High}, {Figures.Count(e.Reserved)} reserved)\n");
            }
        }

        if (so.PerUid is null)
        {
            sb.Append(Inv, $"  by uid     {Pending}\n");
        }
        else if (so.PerUid.Count > 0)
        {
            var names = s.Users.ToDictionary(u => u.Uid, u => u.Name);
            sb.Append("  by uid     ");
            sb.AppendJoin(", ", so.PerUid.Take(6).Select(u => string.Create(Inv, $"{(names.TryGetValue(u.Uid, out var n) ? n : u.Uid.ToString(Inv))} {Figures.Count(u.Tcp + u.Udp)}")));
            sb.Append('\n');
        }

        if (so.ProcessScanPending)
        {
            sb.Append(Inv, $"  by process {Pending} (the fd scan runs on the next sample)\n");
            return;
        }

        var top = s.Processes.Where(p => p.Sockets > 0).OrderByDescending(p => p.Sockets).ThenBy(p => p.Pid).Take(5).ToList();
        if (top.Count > 0)
        {
            string scanAge = so.ProcessScanAge is { } a ? $" ({a.TotalSeconds:0}s old)" : "";
            sb.Append(Inv, $"  by process{scanAge}: ");
            sb.AppendJoin(", ", top.Select(p => string.Create(Inv, $"{p.Pid} {Clip(p.Name, 16)} {Figures.Count(p.Sockets ?? 0)}")));
            sb.Append('\n');
        }
    }

    private static void Gauge(StringBuilder sb, string label, long used, long max, string limitName)
        => sb.Append(Inv, $"  {label,-12}{Figures.Count(used),12} / {(max > 0 ? Figures.Count(max) : "?"),-14} {limitName,-20} {Pct(used, max > 0 ? max : null)}\n");

    private static string Pct(long used, long? max) => Figures.Percent(used, max);

    /// <summary>A limit in one of the report's columns, too narrow for "unlimited" (<see cref="Figures.LimitNarrow"/>).</summary>
    private static string Num(long? v) => Figures.LimitNarrow(v);

    public static string Range(LimitRange r)
    {
        if (r == LimitRange.Unknown)
        {
            return "?";
        }

        return r.Min == r.Max ? Num(r.Min) : $"{Num(r.Min)}–{Num(r.Max)}";
    }


    private static string Clip(string s, int width) => s.Length <= width ? s : string.Concat(s.AsSpan(0, width - 1), "…");
}
