using LimitTop.Core.Cgroups;
using LimitTop.Core.Analysis;
using LimitTop.Core.Limits;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Why;

/// <summary>The answer to "why can't this process fork?": an explanation, or a sentence saying why there is none.</summary>
public sealed record WhyOutcome(Explanation? Explanation, string? Problem);

/// <summary>
/// Explains one process: the checks of its next task (<see cref="ChecksBuilder"/>), the binding one, where its
/// limits came from, its threads by name. Reads the target's own files once and takes the per-user, per-cgroup and
/// system counts from a snapshot (the kernel counts RLIMIT_NPROC over every process of the uid, so they need the
/// full walk a snapshot does anyway). Never throws for a vanished or unreadable process.
/// </summary>
public static class Explainer
{
    /// <summary>
    /// Explains <paramref name="pid"/> against <paramref name="snapshot"/> (the dashboard passes its latest one and
    /// the sampler's <paramref name="cgroups"/>, so no second /sys descriptor is opened per tick).
    /// </summary>
    public static WhyOutcome Explain(ProcRoot root, int pid, Snapshot snapshot, CgroupFs? cgroups = null)
    {
        if (pid <= 0)
        {
            return new WhyOutcome(null, $"'{pid}' is not a process id");
        }

        using var proc = new FileReader(root.Proc);
        using var sys = Directory.Exists(root.Sys) ? new FileReader(root.Sys) : null;
        var facts = TargetReader.Read(proc, pid, out string? problem);
        if (facts is null)
        {
            return new WhyOutcome(null, problem);
        }

        var sample = snapshot.Processes.FirstOrDefault(p => p.Pid == pid && p.StartTicks == facts.StartTicks);
        string? exempt = NprocExemption.Of(facts.Status.RealUid, facts.Status.CapEff, sample?.UserNamespaceOwner is not null);
        using var ownCgroups = cgroups is null ? CgroupFs.Open(root) : null;
        var checks = ContainerFacts.Label(ChecksBuilder.Build(facts, snapshot, sample, exempt, proc, sys, cgroups ?? ownCgroups!), snapshot.Names);
        var binding = checks.Where(c => c.Applies && c.Headroom is not null).MinBy(c => c.Headroom);

        var account = LoginAccount.Find(root.Etc, facts.Status.RealUid);
        var pam = account is null ? null : PamLimits.Read(root.Etc, account, snapshot.System.NrOpen);
        var init = proc.TryRead("1/limits", out var il, out _) ? LimitsParser.Table(il) : null;
        var notes = new List<string>();
        var origins = LimitOrigins.Of(facts, pam, init, snapshot.System.ThreadsMax, notes);
        if (ContainerFacts.PidsOrigin(root, checks, snapshot.Names) is { } pidsOrigin)
        {
            origins.Add(pidsOrigin);
        }
        var unit = facts.SystemdCgroup is { } sc ? SystemdUnits.Infer(root.Etc, sc) : null;

        string user = sample?.User ?? account?.Name ?? facts.Status.RealUid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string name = sample?.Name ?? Text.SafeText.Escape(facts.Status.Name);
        var copies = sample is null ? null
            : CulpritGroup.Find(snapshot.Processes, p => p.Uid == sample.Uid && p.Name == sample.Name
                && Argv.First(p.Cmdline) == Argv.First(sample.Cmdline));
        if (sample is null)
        {
            notes.Add("not in the snapshot (it started after it, or /proc hid it): per-user and cgroup counts may miss it");
        }

        if (facts.Status.State == 'Z')
        {
            notes.Add("its main thread has exited (State Z); its other threads can still create tasks");
        }

        notes.AddRange(ContainerFacts.SharedNproc(snapshot, sample?.UserNamespaceOwner ?? facts.Status.RealUid));
        var ex = new Explanation
        {
            Pid = pid,
            StartTicks = facts.StartTicks,
            Name = name,
            Uid = facts.Status.RealUid,
            User = user,
            Threads = facts.Status.Threads,
            NprocExempt = exempt,
            Checks = checks,
            Binding = binding,
            Sentence = "",
            Origins = origins,
            Unit = unit,
            ConfigIssues = pam is null ? [] : [.. pam.Issues.Select(i => $"{i.File}:{i.Line}: {i.Problem}")],
            Inheritance = LimitOrigins.Inheritance(facts, sample?.Ppid ?? facts.Status.Ppid),
            ThreadNames = facts.ThreadNames,
            Copies = copies is { Copies: > 1 } ? copies : null,
            Notes = notes,
            Container = sample is null ? null : CgroupLabels.ContainerOf(snapshot.Names, sample),
            Witness = snapshot.Refusals?.Witness,
            Refused = snapshot.Refusals?.ForProcess(pid),
            RecentRefusals = snapshot.Refusals is { } r ? [.. r.Recent.Where(e => e.Pid == pid).Take(10)] : [],
        };
        return new WhyOutcome(ex with { Sentence = ExplanationText.Sentence(ex) }, null);
    }
}
