using LimitTop.Core.Model;
using LimitTop.Core.Naming;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Why;

/// <summary>
/// What <c>--why</c> adds about containers (docs/container-names.md): the pids cgroup checks named as the admin knows
/// them, where the binding pids.max came from (<see cref="ContainerLimitOrigins"/>: "podman --pids-limit 32"), and
/// the containers that share the process's RLIMIT_NPROC count (<see cref="SharedNprocNotes"/>). Names come from the
/// snapshot (the naming stage named every pids cgroup); files are read only for the one binding limit.
/// </summary>
internal static class ContainerFacts
{
    public static List<WhyCheck> Label(List<WhyCheck> checks, IReadOnlyDictionary<string, CgroupName> names)
    {
        for (int i = 0; i < checks.Count; i++)
        {
            if (checks[i].Kind == CheckKind.PidsCgroup && CgroupLabels.Named(names, Path(checks[i])) is { } n)
            {
                checks[i] = checks[i] with { Label = CgroupLabels.Of(n) };
            }
        }

        return checks;
    }

    /// <summary>The origin of the tightest pids.max over the process's cgroup and its ancestors; null when unnamed or unknown.</summary>
    public static LimitOrigin? PidsOrigin(ProcRoot root, IReadOnlyList<WhyCheck> checks, IReadOnlyDictionary<string, CgroupName> names)
    {
        var tightest = checks.Where(c => c.Kind == CheckKind.PidsCgroup && c.Applies && c.Headroom is not null).MinBy(c => c.Headroom);
        if (tightest is null || CgroupLabels.Named(names, Path(tightest)) is not { } name)
        {
            return null;
        }

        var state = StateRoots.Of(root);
        var files = new ContainerFiles(state, new PasswdHomes(root.Etc));
        if (new ContainerLimitOrigins(root, state, files).Of(name, tightest.Max) is not { } origin)
        {
            return null;
        }

        return new LimitOrigin(LimitNames.PidsMax, tightest.Max, $"{origin.Sentence} — {CgroupLabels.Of(name)}", origin.File, null, origin.Value);
    }

    /// <summary>The sentence of <see cref="SharedNprocNotes"/> for the uid charged with the process's tasks, when it binds.</summary>
    public static IEnumerable<string> SharedNproc(Snapshot snapshot, int chargedUid)
    {
        var names = snapshot.Names;
        return SharedNprocNotes.Find(snapshot.Processes, snapshot.Users,
                (path, _) => names.TryGetValue(path, out var n) ? n : new CgroupName { Path = path, Kind = CgroupKind.None, Display = path })
            .Where(n => n.Uid == chargedUid)
            .Select(n => n.Sentence);
    }

    private static string Path(WhyCheck c) => c.Name[5..]; // "pids " + the cgroup path (ChecksBuilder)
}
