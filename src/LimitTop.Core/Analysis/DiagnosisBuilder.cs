using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Core.Text;

namespace LimitTop.Core.Analysis;

/// <summary>
/// Turns a sample into ranked findings: every limit with its use, most spent first, each with a sentence
/// naming who is affected and which process spends it.
/// </summary>
public static class DiagnosisBuilder
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The snapshot with its diagnosis (the collector's first step; a raw sample has none).</summary>
    public static Snapshot Diagnose(Snapshot raw)
        => raw with { Diagnosis = RefusalHeadline.Rank(Build(raw.System, raw.Users, raw.Cgroups, raw.Processes, raw.Names, raw.KubeNode), raw) };

    /// <param name="names">The cgroups' names (Snapshot.Names): a finding says "container ltc1 (podman)", not the path; null: paths.</param>
    public static IReadOnlyList<Finding> Build(
        SystemUsage system,
        IReadOnlyList<UserUsage> users,
        IReadOnlyList<CgroupUsage> cgroups,
        IReadOnlyList<ProcessSample> processes,
        IReadOnlyDictionary<string, CgroupName>? names = null,
        KubeNodeUsage? kube = null)
    {
        var byPid = new Dictionary<int, ProcessSample>(processes.Count);
        ProcessSample? topOverall = null;
        foreach (var p in processes)
        {
            byPid[p.Pid] = p;
            if (topOverall is null || p.Threads > topOverall.Threads)
            {
                topOverall = p;
            }
        }

        var findings = new List<Finding>();

        findings.Add(Make(Scope.System, LimitKind.ThreadsMax, system.Tasks, system.ThreadsMax,
            "system: {0} of {1} tasks (threads-max, {2}), root included{3}", topOverall));
        // Numbers below 300 are never handed out again after boot: a box has pid_max − 300 to give, not pid_max.
        findings.Add(Make(Scope.System, LimitKind.PidMax, system.PidsUsed, system.PidsUsable,
            system.PidsLowest > 1
                ? "system: {0} of {1} PIDs in use (pid_max " + Figures.Count(system.PidMax) + " minus the " + system.PidsLowest.ToString(Inv) + " kept for boot, {2}){3}"
                : "system: {0} of {1} PIDs in use (pid_max, {2}){3}", topOverall));
        findings.Add(Make(Scope.System, LimitKind.FileMax, system.OpenFiles, system.FileMax,
            "system: {0} of {1} open files (file-max, {2}){3}", null));
        if (system.OvercommitMode == 2 && system.CommittedAsBytes is { } committed && system.CommitLimitBytes is { } limit)
        {
            long usedMb = committed / (1024 * 1024), maxMb = limit / (1024 * 1024);
            findings.Add(Make(Scope.System, LimitKind.Commit, usedMb, maxMb,
                "system: {0} of {1} MiB committed (strict overcommit, {2}){3} — new thread stacks fail with EAGAIN", null));
        }

        if (kube is { PodTasks: { } podTasks })
        {
            // The kubelet refuses pods' forks at their podPidsLimit and evicts below pid.available; the pods as a whole
            // have the node's allocatable PIDs (docs/container-names.md, "Kubernetes node"): a finding, so it is
            // ranked, forecast and exported as every other limit.
            findings.Add(Make(Scope.System, LimitKind.KubeletPids, podTasks, kube.Allocatable,
                "Kubernetes node: pods hold {0} of {1} allocatable tasks (kubelet, {2}){3}", null));
        }

        foreach (var u in users)
        {
            byPid.TryGetValue(u.TopPid ?? -1, out var top);
            if (u.Exempt)
            {
                findings.Add(new Finding
                {
                    Scope = Scope.User(u.Name),
                    Limit = LimitKind.Nproc,
                    Used = u.Tasks,
                    Max = null,
                    Percent = null,
                    Severity = Severity.Ok,
                    Message = string.Format(Inv, "user {0}: {1} tasks — real uid 0 is exempt from RLIMIT_NPROC", u.Name, Figures.Count(u.Tasks)),
                    CulpritPid = top?.Pid,
                });
            }
            else if (u.Nproc.Min is { } nprocMin)
            {
                var group = CulpritGroup.Find(processes, p => p.Uid == u.Uid);
                findings.Add(UserNproc(u, nprocMin, top, group, processes));
            }

            if (u.SigQueued is { } q && u.Sigpending.Min is { } sigMin)
            {
                findings.Add(Make(Scope.User(u.Name), LimitKind.Sigpending, q, sigMin,
                    "user " + u.Name + ": {0} of {1} queued signals (RLIMIT_SIGPENDING, {2}){3}", null));
            }

            if (u.WorstNofile is { Soft: { } soft } w)
            {
                double? pct = u.NofilePercent;
                findings.Add(new Finding
                {
                    Scope = Scope.User(u.Name),
                    Limit = LimitKind.Nofile,
                    Used = w.Fds,
                    Max = soft,
                    Percent = pct,
                    Severity = Severities.Of(pct),
                    Message = string.Format(Inv, "user {0}: {1} pid {2} has {3} fds open, soft RLIMIT_NOFILE {4} ({5}){6}",
                        u.Name, w.Name, w.Pid, Figures.Count(w.Fds), Figures.Count(soft), Figures.Percent(pct), w.Fds >= soft ? " — its next open() fails with EMFILE" : ""),
                    CulpritPid = w.Pid,
                });
            }
        }

        foreach (var c in cgroups)
        {
            if (c.PidsMax is not { } max)
            {
                continue;
            }

            var top = TopIn(processes, c);
            var group = CulpritGroup.Find(processes, p => InCgroup(p, c));
            string rejected = c.ForkRejectionsSinceStart > 0
                ? "; " + Figures.Plural(c.ForkRejectionsSinceStart, "fork") + " rejected since start"
                : "";
            double? pct = Severities.Percent(c.PidsCurrent, max);
            findings.Add(new Finding
            {
                Scope = Scope.Cgroup(c.Path),
                Limit = LimitKind.PidsMax,
                Used = c.PidsCurrent,
                Max = max,
                Percent = pct,
                Severity = Severities.Of(pct),
                Message = string.Format(Inv, "{0}: {1} of {2} tasks (pids.max, {3}){4}{5}{6}",
                    CgroupLabels.Of(names, c.Path), Figures.Count(c.PidsCurrent), Figures.Count(max), Figures.Percent(pct),
                    c.PidsCurrent >= max ? " — the next fork in it fails" : "",
                    rejected, Culprit(top, group, max)),
                CulpritPid = top?.Pid,
            });
        }

        // List.Sort is unstable; ties (e.g. a user at 99.6 % and its slice at 99.6 %) keep the order they were
        // added in (system, users, cgroups) so the ranking is the same on every tick.
        return [.. findings.Select((f, i) => (f, i))
            .OrderByDescending(x => x.f.Percent ?? -1)
            .ThenBy(x => x.i)
            .Select(x => x.f)];
    }

    private static Finding UserNproc(UserUsage u, long nprocMin, ProcessSample? top, CulpritGroup? group, IReadOnlyList<ProcessSample> processes)
    {
        int used = u.ChargedTasks;
        double? pct = u.NprocPercent;
        string range = u.Nproc.Max != nprocMin
            ? string.Format(Inv, "; soft limits {0}–{1}", Figures.Count(nprocMin), Figures.Limit(u.Nproc.Max))
            : "";
        string nested = u.UserNamespaceTasks > 0
            ? string.Format(Inv, ", {0} of them in user namespaces it owns", Figures.Count(u.UserNamespaceTasks))
            : "";
        var exempt = ExemptOf(u.Uid, processes);
        string consequence = used >= nprocMin
            ? exempt.Count == 0
                ? " — the next fork fails"
                : string.Format(Inv, " — the next fork fails, except in {0} exempt process{1} ({2})",
                    exempt.Count, exempt.Count == 1 ? "" : "es",
                    string.Join(", ", exempt.Take(3).Select(p => string.Format(Inv, "pid {0} {1}", p.Pid, p.NprocExempt))) + (exempt.Count > 3 ? ", …" : ""))
            : pct >= Severities.CriticalPercent
                ? string.Format(Inv, " — {0} left", Figures.Count(nprocMin - used))
                : "";
        return new Finding
        {
            Scope = Scope.User(u.Name),
            Limit = LimitKind.Nproc,
            Used = used,
            Max = nprocMin,
            Percent = pct,
            Severity = Severities.Of(pct),
            Message = string.Format(Inv, "user {0}: {1} of {2} tasks ({3}){4}{5}{6}{7}",
                u.Name, Figures.Count(used), Figures.Count(nprocMin), Figures.Percent(pct), nested, range, consequence, Culprit(top, group, nprocMin)),
            CulpritPid = top?.Pid,
        };
    }

    private static List<ProcessSample> ExemptOf(int uid, IReadOnlyList<ProcessSample> processes)
        => [.. processes.Where(p => p.Uid == uid && !p.IsKernelThread && p.NprocExempt is not null)];

    private static bool InCgroup(ProcessSample p, CgroupUsage c)
        => p.Cgroup is { } path && p.CgroupVersion == c.Version
            && (path == c.Path || path.StartsWith(c.Path + "/", StringComparison.Ordinal));

    /// <summary>The process with the most threads in <paramref name="c"/> or below it (also Trends/ForkEvents).</summary>
    internal static ProcessSample? TopIn(IReadOnlyList<ProcessSample> processes, CgroupUsage c)
    {
        ProcessSample? top = null;
        foreach (var p in processes)
        {
            if (InCgroup(p, c) && (top is null || p.Threads > top.Threads))
            {
                top = p;
            }
        }

        return top;
    }

    /// <summary>Several copies of one program hold the tasks: name the program, not only its largest copy.</summary>
    private static string Culprit(ProcessSample? top, CulpritGroup? group, long of)
        => group is { Copies: > 1 } g ? g.Describe(of) : Culprit(top);

    private static string Culprit(ProcessSample? p) => p is null
        ? ""
        : string.Format(Inv, "; {0} pid {1} holds {2} thread{3}", p.Name, p.Pid, Figures.Count(p.Threads), p.Threads == 1 ? "" : "s");

    private static Finding Make(Scope scope, LimitKind limit, long used, long? max, string format, ProcessSample? culprit)
    {
        double? pct = Severities.Percent(used, max);
        string pctText = pct is not null ? Figures.Percent(pct) : Figures.Unlimited;
        return new Finding
        {
            Scope = scope,
            Limit = limit,
            Used = used,
            Max = max is > 0 ? max : null,
            Percent = pct,
            Severity = Severities.Of(pct),
            Message = string.Format(Inv, format, Figures.Count(used), max is > 0 ? Figures.Count(max.Value) : Figures.Unlimited, pctText, Culprit(culprit)),
            CulpritPid = culprit?.Pid,
        };
    }
}
