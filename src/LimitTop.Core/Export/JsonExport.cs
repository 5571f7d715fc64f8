using System.Text.Json;
using LimitTop.Core.Model;

namespace LimitTop.Core.Export;

/// <summary>Snapshot → the documented JSON document.</summary>
public static class JsonExport
{
    public static SnapshotDocument ToDocument(Snapshot s, IReadOnlyList<Snapshot>? history = null)
    {
        var sys = s.System;
        return new SnapshotDocument(
            SnapshotDocument.SchemaName,
            s.TakenAt,
            new SystemDocument(sys.Hostname, (long)sys.Uptime.TotalSeconds, sys.Tasks, Known(sys.ThreadsMax), sys.PidsUsed,
                Known(sys.PidMax), sys.OpenFiles, Known(sys.FileMax), sys.OvercommitMode, sys.CommittedAsBytes, sys.CommitLimitBytes)
            {
                PidsUsable = Known(sys.PidsUsable),
                PidsLowest = sys.PidsLowest,
                PidsHeldByGroups = sys.PidsHeldByGroups,
            },
            [.. s.Users.Select(u => new UserDocument(u.Uid, u.Name, u.Tasks, u.Processes, u.Exempt,
                new RangeDocument(u.Nproc.Min, u.Nproc.Max), u.UserNamespaceTasks, u.ChargedTasks, u.NprocHeadroom, u.SigQueued,
                new RangeDocument(u.Sigpending.Min, u.Sigpending.Max)))],
            [.. s.Processes.Select(p => new ProcessDocument(p.Pid, p.Ppid, p.Uid, p.User, p.Name, p.Cmdline, p.State.ToString(),
                p.Threads, p.Fds,
                p.Limits is { } l ? new LimitsDocument(Doc(l.Nproc), Doc(l.Nofile), Doc(l.Sigpending)) : null,
                p.SigQueued, p.Cgroup, p.RssBytes, p.CpuPercent is { } c ? Math.Round(c, 1) : null) { Sockets = p.Sockets, NprocExempt = p.NprocExempt, Container = ContainerDocument.From(CgroupLabels.ContainerOf(s.Names, p)) })],
            [.. s.Cgroups.Select(c => new CgroupDocument(c.Path, c.Version, c.PidsCurrent, c.PidsMax, c.EffectiveHeadroom,
                c.BindingPath, c.ForkRejections, c.ForkRejectionsSinceStart)
            {
                Name = s.Names.Count > 0 ? CgroupLabels.Short(s.Names, c.Path) : null,
                Container = ContainerDocument.From(CgroupLabels.Named(s.Names, c.Path)),
            })],
            [.. s.Diagnosis.Select(f => new DiagnosisDocument(f.Scope.Key, f.Limit.Name(), f.Used, f.Max,
                f.Percent is { } pc ? Math.Round(pc, 2) : null, f.Severity.ToString().ToLowerInvariant(), f.Message)
            {
                RatePerMinute = f.RatePerMinute is { } r ? Math.Round(r, 2) : null,
                ExhaustedInSeconds = f.ExhaustedIn is { } e ? Math.Round(e.TotalSeconds) : null,
                RefusedLastMinute = f.RefusedLastMinute,
            })],
            s.Warnings)
        {
            History = history is null ? null : [.. history.Select(h => ToDocument(h))],
            Events = [.. s.Events.Select(TrendDocuments.Event)],
            Forecasts = history is null ? null : TrendDocuments.Forecasts(s),
            Sockets = s.Sockets is { } so ? Doc(so) : null,
            KubeNode = s.KubeNode,
            Refusals = s.Refusals,
        };
    }

    private static SocketsDocument Doc(SocketSummary s)
        => new(States(s.Tcp), s.Udp, new UsedMaxDocument(s.TimeWaitBuckets, s.TimeWaitBucketsMax),
            s.EphemeralPorts is { } e
                ? new EphemeralPortsDocument(e.RangeSize, e.Worst is { } w ? new PortTupleDocument(w.Local, w.Remote, w.RemotePort, w.Used) : null)
                {
                    Low = e.Low,
                    High = e.High,
                    Reserved = e.Reserved,
                }
                : null)
        {
            Source = s.Source == SocketSource.Netlink ? "netlink" : "proc",
            // null, not zeros, while the first full walk is pending (a dump taken in the first second)
            TcpIpv4 = s.TcpV4 is { } v4 ? States(v4) : null,
            TcpIpv6 = s.TcpV6 is { } v6 ? States(v6) : null,
            Orphans = new UsedMaxDocument(s.Orphans, s.OrphansMax),
            ListenOverflows = s.ListenOverflows,
            ListenOverflowsSinceStart = s.ListenOverflowsSinceStart,
            PerUid = s.PerUid is { } perUid ? [.. perUid.Select(u => new UidSocketsDocument(u.Uid, u.Tcp, u.Udp))] : null,
            DetailAgeSeconds = s.DetailAge is { } age ? Math.Round(age.TotalSeconds, 1) : null,
            ProcessScanAgeSeconds = s.ProcessScanAge is { } a ? Math.Round(a.TotalSeconds, 1) : null,
        };

    private static Dictionary<string, int> States(TcpStateCounts c)
    {
        var d = new Dictionary<string, int>(11);
        for (int i = 1; i < TcpStateCounts.Names.Count; i++)
        {
            d[TcpStateCounts.Names[i]] = c[i];
        }

        return d;
    }

    public static string Serialize(Snapshot s, IReadOnlyList<Snapshot>? history = null)
        => JsonSerializer.Serialize(ToDocument(s, history), SnapshotJsonContext.Default.SnapshotDocument);

    public static void Write(Stream stream, Snapshot s, IReadOnlyList<Snapshot>? history = null, FocusDocument? focus = null)
        => JsonSerializer.Serialize(stream, ToDocument(s, history) with { Focus = focus }, SnapshotJsonContext.Default.SnapshotDocument);

    private static LimitDocument Doc(LimitPair p) => new(p.Soft, p.Hard);

    private static long? Known(long v) => v > 0 ? v : null;
}
