using System.Text;
using LimitTop.Core.Export;
using LimitTop.Core.Model;

namespace LimitTop.Core.Metrics;

/// <summary>Figures about limittop itself that are not in a snapshot.</summary>
public readonly record struct ExporterCounters(long ScrapeErrors, double SampleSeconds);

/// <summary>
/// Renders a snapshot as the <c>/metrics</c> exposition. The metric names and labels are a contract (README,
/// "Headless, Prometheus and the flight recorder"); labels carry the command name (comm), never the command line.
/// Figures that are unknown or unlimited are left out rather than written as 0.
/// </summary>
public sealed class MetricsFormatter
{
    public const int DefaultTop = 20;

    private readonly int _top;

    public MetricsFormatter(int top = DefaultTop)
    {
        _top = Math.Max(0, top);
    }

    public string Render(Snapshot s, ExporterCounters counters, MetricsFormat format = MetricsFormat.Prometheus004)
    {
        ArgumentNullException.ThrowIfNull(s);
        var sb = new StringBuilder(16 * 1024);
        var w = new MetricsTextWriter(sb, format);
        Users(w, s);
        SystemFigures(w, s.System);
        Cgroups(w, s);
        Tcp(w, s.Sockets);
        Processes(w, s);
        Limits(w, s);
        if (s.Refusals is { } refusals)
        {
            WitnessMetrics.Write(w, refusals, uid => s.Users.FirstOrDefault(u => u.Uid == uid)?.Name ?? uid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Exporter(w, counters);
        return sb.ToString();
    }

    /// <summary>The exposition before the first sample succeeded: only limittop's own figures.</summary>
    public string RenderExporterOnly(ExporterCounters counters, MetricsFormat format = MetricsFormat.Prometheus004)
    {
        var sb = new StringBuilder(512);
        Exporter(new MetricsTextWriter(sb, format), counters);
        return sb.ToString();
    }

    private static void Exporter(MetricsTextWriter w, ExporterCounters counters)
    {
        w.Counter("limittop_scrape_errors_total", "Samples of /proc and /sys that failed since limittop started.");
        w.Sample(counters.ScrapeErrors);
        w.Gauge("limittop_sample_duration_seconds", "Wall time the last sample of /proc and /sys took.");
        w.Sample(counters.SampleSeconds);
        w.End();
    }

    private static void Users(MetricsTextWriter w, Snapshot s)
    {
        var users = s.Users;
        w.Gauge("limittop_user_tasks", "Tasks (threads) charged to the real uid, as RLIMIT_NPROC counts them.");
        foreach (var u in users)
        {
            w.Sample(u.ChargedTasks, Uid(u), User(u));
        }

        w.Gauge("limittop_user_nproc_limit", "Lowest soft RLIMIT_NPROC among the user's processes (absent when unlimited or unreadable).");
        foreach (var u in users)
        {
            if (u.Nproc.Known && u.Nproc.Min is { } min)
            {
                w.Sample(min, Uid(u), User(u));
            }
        }

        w.Gauge("limittop_user_nproc_headroom", "Tasks the user can still start before the lowest RLIMIT_NPROC refuses (absent when unlimited or exempt).");
        foreach (var u in users)
        {
            if (u.NprocHeadroom is { } h)
            {
                w.Sample(h, Uid(u), User(u));
            }
        }

        w.Gauge("limittop_user_signals_queued", "Signals queued for the user (SigQ), as RLIMIT_SIGPENDING counts them.");
        foreach (var u in users)
        {
            if (u.SigQueued is { } q)
            {
                w.Sample(q, Uid(u), User(u));
            }
        }

        w.Gauge("limittop_user_sigpending_limit", "Lowest soft RLIMIT_SIGPENDING among the user's processes (absent when unlimited or unreadable).");
        foreach (var u in users)
        {
            if (u.Sigpending.Known && u.Sigpending.Min is { } min)
            {
                w.Sample(min, Uid(u), User(u));
            }
        }
    }

    private static (string, string) Uid(UserUsage u) => ("uid", u.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static (string, string) User(UserUsage u) => ("user", u.Name);

    private static void SystemFigures(MetricsTextWriter w, SystemUsage sys)
    {
        w.Gauge("limittop_system_threads", "Tasks on the host (kernel nr_threads).");
        w.Sample(sys.Tasks);
        w.Gauge("limittop_system_threads_max", "kernel.threads-max.");
        w.Sample(sys.ThreadsMax);
        w.Gauge("limittop_system_pids_used", "PID numbers held in the range new tasks get one from.");
        w.Sample(sys.PidsUsed);
        w.Gauge("limittop_system_pids_usable", "PID numbers a new task can be given at all (pid_max minus the reserved low range).");
        w.Sample(sys.PidsUsable > 0 ? sys.PidsUsable : sys.PidMax);
        w.Gauge("limittop_system_open_files", "Allocated file handles (fs.file-nr, first field).");
        w.Sample(sys.OpenFiles);
        w.Gauge("limittop_system_open_files_max", "fs.file-max.");
        w.Sample(sys.FileMax);
    }

    private static void Cgroups(MetricsTextWriter w, Snapshot s)
    {
        // A path can exist in the v1 pids hierarchy and the unified one; one series per path (the first, tightest).
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<CgroupUsage>(s.Cgroups.Count);
        foreach (var c in s.Cgroups)
        {
            if (seen.Add(c.Path))
            {
                list.Add(c);
            }
        }

        var labels = new Dictionary<string, (string, string)[]>(list.Count, StringComparer.Ordinal);
        foreach (var c in list)
        {
            labels[c.Path] = Labels(c, s.Names);
        }

        w.Gauge("limittop_cgroup_pids_current", "pids.current of the pids cgroup.");
        foreach (var c in list)
        {
            w.Sample(c.PidsCurrent, labels[c.Path]);
        }

        w.Gauge("limittop_cgroup_pids_max", "pids.max of the pids cgroup (absent when max).");
        foreach (var c in list)
        {
            if (c.PidsMax is { } m)
            {
                w.Sample(m, labels[c.Path]);
            }
        }

        w.Gauge("limittop_cgroup_pids_headroom", "Tasks the cgroup can still start: min(max - current) over it and its ancestors.");
        foreach (var c in list)
        {
            if (c.EffectiveHeadroom is { } h)
            {
                w.Sample(h, labels[c.Path]);
            }
        }

        w.Counter("limittop_cgroup_pids_rejected_total", "Forks the pids limit refused (the max counter of pids.events).");
        foreach (var c in list)
        {
            if (c.ForkRejections is { } r)
            {
                w.Sample(r, labels[c.Path]);
            }
        }
    }

    /// <summary>
    /// <c>cgroup</c>, and beside it <c>container</c>, <c>pod</c>, <c>namespace</c> for a container's cgroup (docs/container-names.md):
    /// one value per path, so they add no series to the per-cgroup bound; a label with nothing to say is left out (an
    /// empty label is an absent one to Prometheus). The names were escaped by the namer; the writer escapes for the format.
    /// </summary>
    private static (string, string)[] Labels(CgroupUsage c, IReadOnlyDictionary<string, CgroupName> names)
    {
        var l = ContainerLabels.From(CgroupLabels.Named(names, c.Path));
        if (l.Container.Length == 0 && l.Pod.Length == 0)
        {
            return [("cgroup", c.Path)];
        }

        var list = new List<(string, string)>(4) { ("cgroup", c.Path) };
        if (l.Container.Length > 0)
        {
            list.Add(("container", l.Container));
        }

        if (l.Pod.Length > 0)
        {
            list.Add(("pod", l.Pod));
        }

        if (l.Namespace.Length > 0)
        {
            list.Add(("namespace", l.Namespace));
        }

        return [.. list];
    }

    /// <summary>node_exporter's tcpstat label values, index = kernel state number.</summary>
    private static readonly string[] TcpStateLabels =
        ["", "established", "syn_sent", "syn_recv", "fin_wait1", "fin_wait2", "time_wait", "close", "close_wait", "last_ack", "listen", "closing"];

    private static void Tcp(MetricsTextWriter w, SocketSummary? sockets)
    {
        if (sockets is null)
        {
            return;
        }

        w.Gauge("limittop_tcp_connection_states", "TCP sockets per state, IPv4 and IPv6 (node_exporter tcpstat label values).");
        for (int st = 1; st < TcpStateLabels.Length; st++)
        {
            w.Sample(sockets.Tcp[st], ("state", TcpStateLabels[st]));
        }

        if (sockets.EphemeralPorts is not { } ports)
        {
            return;
        }

        w.Gauge("limittop_tcp_ephemeral_ports_worst_used", "Ephemeral ports held by the busiest (local, remote, remote port) tuple.");
        if (!sockets.DetailPending)
        {
            w.Sample(ports.Worst?.Used ?? 0);
        }

        w.Gauge("limittop_tcp_ephemeral_ports_range", "Ephemeral ports a connect() can pick per tuple (ip_local_port_range minus reserved ports).");
        w.Sample(ports.RangeSize);
    }

    private void Processes(MetricsTextWriter w, Snapshot s)
    {
        var chosen = ProcessSelection.Top(s.Processes, _top);
        w.Gauge("limittop_process_threads", $"Tasks of the process (top {_top} by threads and by fd ratio).");
        foreach (var p in chosen)
        {
            w.Sample(p.Threads, ProcLabels(p));
        }

        w.Gauge("limittop_process_open_fds", "Open file descriptors of the process (same processes).");
        foreach (var p in chosen)
        {
            if (p.Fds is { } f)
            {
                w.Sample(f, ProcLabels(p));
            }
        }

        w.Gauge("limittop_process_max_fds", "Soft RLIMIT_NOFILE of the process (same processes; absent when unlimited or unreadable).");
        foreach (var p in chosen)
        {
            if (p.Limits?.Nofile.Soft is { } soft)
            {
                w.Sample(soft, ProcLabels(p));
            }
        }
    }

    private static (string, string)[] ProcLabels(ProcessSample p) =>
        [("pid", p.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("comm", p.Name), ("user", p.User)];

    private void Limits(MetricsTextWriter w, Snapshot s)
    {
        var seen = new HashSet<(Scope, LimitKind)>();
        w.Gauge("limittop_limit_used_ratio", "Used divided by the binding limit, per scope (system, user:NAME, cgroup:PATH, process:PID) and limit.");
        foreach (var f in s.Diagnosis)
        {
            if (f.Percent is { } pct && seen.Add((f.Scope, f.Limit)))
            {
                w.Sample(pct / 100.0, ("scope", f.Scope.Key), ("limit", f.Limit.Name()));
            }
        }

        // The forecast of a snapshot that went through the TrendTracker (Core/Trends): a finding carries ExhaustedIn
        // only while its figure rises steadily towards a limit, so the family is often empty (never a made-up 0).
        seen.Clear();
        w.Gauge("limittop_limit_exhaustion_seconds", "Predicted seconds until the limit runs out at the current trend (present only while the figure rises steadily).");
        foreach (var f in s.Diagnosis)
        {
            if (f.ExhaustedIn is { } left && seen.Add((f.Scope, f.Limit)))
            {
                w.Sample(Math.Max(0, Math.Round(left.TotalSeconds)), ("scope", f.Scope.Key), ("limit", f.Limit.Name()));
            }
        }
    }
}
