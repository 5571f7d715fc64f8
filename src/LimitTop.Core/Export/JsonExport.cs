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
                Known(sys.PidMax), sys.OpenFiles, Known(sys.FileMax), sys.OvercommitMode, sys.CommittedAsBytes, sys.CommitLimitBytes),
            [.. s.Users.Select(u => new UserDocument(u.Uid, u.Name, u.Tasks, u.Processes, u.Exempt,
                new RangeDocument(u.Nproc.Min, u.Nproc.Max), u.NprocHeadroom, u.SigQueued,
                new RangeDocument(u.Sigpending.Min, u.Sigpending.Max)))],
            [.. s.Processes.Select(p => new ProcessDocument(p.Pid, p.Ppid, p.Uid, p.User, p.Name, p.Cmdline, p.State.ToString(),
                p.Threads, p.Fds,
                p.Limits is { } l ? new LimitsDocument(Doc(l.Nproc), Doc(l.Nofile), Doc(l.Sigpending)) : null,
                p.SigQueued, p.Cgroup, p.RssBytes, p.CpuPercent is { } c ? Math.Round(c, 1) : null))],
            [.. s.Cgroups.Select(c => new CgroupDocument(c.Path, c.Version, c.PidsCurrent, c.PidsMax, c.EffectiveHeadroom,
                c.BindingPath, c.ForkRejections, c.ForkRejectionsSinceStart))],
            [.. s.Diagnosis.Select(f => new DiagnosisDocument(f.Scope, f.Limit, f.Used, f.Max,
                f.Percent is { } pc ? Math.Round(pc, 2) : null, f.Severity.ToString().ToLowerInvariant(), f.Message))],
            s.Warnings)
        {
            History = history is null ? null : [.. history.Select(h => ToDocument(h))],
        };
    }

    public static string Serialize(Snapshot s, IReadOnlyList<Snapshot>? history = null)
        => JsonSerializer.Serialize(ToDocument(s, history), SnapshotJsonContext.Default.SnapshotDocument);

    public static void Write(Stream stream, Snapshot s, IReadOnlyList<Snapshot>? history = null)
        => JsonSerializer.Serialize(stream, ToDocument(s, history), SnapshotJsonContext.Default.SnapshotDocument);

    private static LimitDocument Doc(LimitPair p) => new(p.Soft, p.Hard);

    private static long? Known(long v) => v > 0 ? v : null;
}
