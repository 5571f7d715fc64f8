using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Core.Text;

namespace LimitTop.Core.Actions;

public enum KillScope
{
    /// <summary>The selected process only.</summary>
    Process,

    /// <summary>Every process with the selected one's real uid, comm and argv0 (the "10 copies").</summary>
    SameCommand,

    /// <summary>Every process in the selected one's pids cgroup or a cgroup below it.</summary>
    Cgroup,
}

/// <summary>A process as it was seen: the start time tells a reused PID apart.</summary>
public readonly record struct ProcessRef(int Pid, ulong StartTicks);

/// <summary>
/// What a kill would hit, computed from the snapshot on screen so the dialog can name the count and PIDs
/// before anything is sent. Group kills re-scan /proc with the same rule (<see cref="Matches"/>) every round.
/// </summary>
public sealed record KillTarget
{
    public required KillScope Scope { get; init; }

    /// <summary>The process the user selected.</summary>
    public required ProcessRef Selected { get; init; }

    /// <summary>Processes the target holds now (snapshot), in PID order. Never holds limittop itself.</summary>
    public required IReadOnlyList<ProcessRef> Members { get; init; }

    public int Count => Members.Count;

    /// <summary>Real uid (all scopes: the selected process's).</summary>
    public required int Uid { get; init; }

    public required string User { get; init; }

    /// <summary>comm (escaped, as in <see cref="ProcessSample.Name"/>).</summary>
    public required string Name { get; init; }

    /// <summary>First word of the escaped command line ("" for none); part of the SameCommand rule.</summary>
    public required string Argv0 { get; init; }

    /// <summary>pids cgroup path for <see cref="KillScope.Cgroup"/>; null otherwise.</summary>
    public string? CgroupPath { get; init; }

    public int? CgroupVersion { get; init; }

    /// <summary>The cgroup target in words when its cgroup is named: "the whole container ltc1 (podman)"; null otherwise.</summary>
    public string? Label { get; init; }

    /// <summary>
    /// SameCommand: processes of the same uid and name whose command line could not be read (or, when the selected
    /// one's cannot, whose can): they may be copies but cannot be matched, and are not in <see cref="Members"/>.
    /// </summary>
    public int Unmatched { get; init; }

    /// <summary>True when limittop's own process is inside the cgroup subtree: it is spared, and cgroup.kill is not used.</summary>
    public bool SparesSelf { get; init; }

    /// <summary>One line for the dialog: "pid 1234 sleep (root)", "5 processes 'sleep' of root: 10, 11, …".</summary>
    public required string Description { get; init; }

    /// <summary>True when <paramref name="p"/> belongs to this target by the target's rule (ignores start time).</summary>
    public bool Matches(int pid, int uid, string name, string cmdline, string? cgroup, int? cgroupVersion) => Scope switch
    {
        KillScope.Process => pid == Selected.Pid,
        KillScope.SameCommand => uid == Uid && name == Name && Argv.First(cmdline) == Argv0,
        KillScope.Cgroup => cgroupVersion == CgroupVersion && cgroup is not null && KillTargets.IsSameOrBelow(cgroup, CgroupPath!),
        _ => false,
    };

    /// <summary>The member PIDs as a short list for the dialog ("10, 11, 12 … and 7 more").</summary>
    public string PidList(int max = 8)
    {
        var shown = string.Join(", ", Members.Take(max).Select(m => m.Pid.ToString(CultureInfo.InvariantCulture)));
        return Members.Count > max ? $"{shown} … and {Members.Count - max} more" : shown;
    }
}

/// <summary>
/// Pure target selection from a snapshot. Rules (README "Keys": k, K):
/// <list type="bullet">
/// <item><b>Same command and user</b>: same real uid (the uid RLIMIT_NPROC charges) AND same comm AND same
///   argv0 (the command line up to its first space, path included). comm alone would lump every "java" or
///   "python3" of a user together; argv0 alone breaks for processes that rewrite their title. Requiring both
///   matches the field report's ten copies of one program and little else.</item>
/// <item><b>Whole pids cgroup</b>: every process whose pids cgroup is the selected one's or a descendant of it —
///   the same set cgroup.kill (v2) kills, and the set whose pids.current the limit counts. The root cgroup "/" is
///   refused (that would be every process).</item>
/// </list>
/// Groups never include kernel threads, zombies (they cannot be signalled; their parent must reap them),
/// PID 1, or limittop itself.
/// </summary>
public static class KillTargets
{
    /// <summary>The choices the kill dialog offers for a selected PID, in order; empty when the PID is not in the snapshot.</summary>
    public static IReadOnlyList<KillTarget> For(Snapshot snapshot, int pid, int? selfPid = null)
    {
        var list = new List<KillTarget>(3);
        if (Single(snapshot, pid) is { } one)
        {
            list.Add(one);
        }

        if (SameCommand(snapshot, pid, selfPid) is { } same)
        {
            list.Add(same);
        }

        if (Cgroup(snapshot, pid, selfPid) is { } cg)
        {
            list.Add(cg);
        }

        return list;
    }

    public static KillTarget? Single(Snapshot snapshot, int pid)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var p = Find(snapshot, pid);
        if (p is null || p.IsKernelThread)
        {
            return null;
        }

        return new KillTarget
        {
            Scope = KillScope.Process,
            Selected = Ref(p),
            Members = [Ref(p)],
            Uid = p.Uid,
            User = p.User,
            Name = p.Name,
            Argv0 = Argv.First(p.Cmdline),
            Description = $"pid {p.Pid} {p.Name} ({p.User}, {Figures.Plural(p.Threads, "thread")})",
        };
    }

    public static KillTarget? SameCommand(Snapshot snapshot, int pid, int? selfPid = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var p = Find(snapshot, pid);
        if (p is null || p.IsKernelThread)
        {
            return null;
        }

        int self = selfPid ?? Environment.ProcessId;
        string argv0 = Argv.First(p.Cmdline);
        // The selected process always counts (pid 1 too, when the user picked it); others of the same uid and name
        // whose argv0 is unknown on one side cannot be matched: counted apart and said.
        var members = snapshot.Processes
            .Where(q => (q.Pid == p.Pid ? q.Pid != self : Eligible(q, self)) && q.Uid == p.Uid && q.Name == p.Name && Argv.First(q.Cmdline) == argv0)
            .Select(Ref)
            .ToList();
        int unmatched = snapshot.Processes.Count(q => q.Pid != p.Pid && Eligible(q, self) && q.Uid == p.Uid && q.Name == p.Name
            && Argv.First(q.Cmdline) != argv0 && (argv0.Length == 0 || q.Cmdline.Length == 0));
        string what = argv0.Length > 0 && argv0 != p.Name ? $"'{p.Name}' ({argv0})" : $"'{p.Name}'";
        string unknown = unmatched > 0 ? $"; {Figures.Plural(unmatched, "other")} with its name could not be matched (command line unreadable)" : "";
        return new KillTarget
        {
            Scope = KillScope.SameCommand,
            Selected = Ref(p),
            Members = members,
            Uid = p.Uid,
            User = p.User,
            Name = p.Name,
            Argv0 = argv0,
            Unmatched = unmatched,
            Description = $"{Figures.Plural(members.Count, "process", "processes")} {what} of {p.User}{unknown}",
        };
    }

    public static KillTarget? Cgroup(Snapshot snapshot, int pid, int? selfPid = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var p = Find(snapshot, pid);
        if (p is null || p.IsKernelThread || p.Cgroup is not { } path || p.CgroupVersion is not { } version || path.TrimEnd('/').Length == 0)
        {
            return null;
        }

        int self = selfPid ?? Environment.ProcessId;
        var members = new List<ProcessRef>();
        bool sparesSelf = false;
        foreach (var q in snapshot.Processes)
        {
            if (q.CgroupVersion != version || q.Cgroup is null || !IsSameOrBelow(q.Cgroup, path))
            {
                continue;
            }

            if (q.Pid == self)
            {
                sparesSelf = true;
            }
            else if (Eligible(q, self) || q.Pid == p.Pid)
            {
                members.Add(Ref(q)); // the selected process always counts
            }
        }

        string spare = sparesSelf ? " (limittop itself is in it and is spared)" : "";
        var named = CgroupLabels.Named(snapshot.Names, path);
        string? label = named is null ? null : (named.IsContainer && named.Kind is not (CgroupKind.KubernetesPod or CgroupKind.PodmanPod) ? "the whole container " : "the whole ") + named.Display;
        return new KillTarget
        {
            Scope = KillScope.Cgroup,
            Selected = Ref(p),
            Members = members,
            Uid = p.Uid,
            User = p.User,
            Name = p.Name,
            Argv0 = Argv.First(p.Cmdline),
            CgroupPath = path,
            CgroupVersion = version,
            SparesSelf = sparesSelf,
            Label = label,
            Description = label is not null
                ? $"{Figures.Plural(members.Count, "process", "processes")} in {label[10..]} (pids cgroup {Native.PathBytes.ForDisplay(path)} and below, v{version}){spare}"
                : $"{Figures.Plural(members.Count, "process", "processes")} in pids cgroup {Native.PathBytes.ForDisplay(path)} and below (v{version}){spare}",
        };
    }

    /// <summary>"/a/b" is the same as or below "/a"; "/ab" is not below "/a".</summary>
    public static bool IsSameOrBelow(string path, string ancestor)
    {
        string a = ancestor.TrimEnd('/');
        string p = path.TrimEnd('/');
        return p == a || (p.Length > a.Length && p.StartsWith(a, StringComparison.Ordinal) && p[a.Length] == '/');
    }

    private static bool Eligible(ProcessSample q, int self)
        => !q.IsKernelThread && q.State is not ('Z' or 'X') && q.Pid != self && q.Pid != 1;

    private static ProcessSample? Find(Snapshot s, int pid)
    {
        foreach (var p in s.Processes)
        {
            if (p.Pid == pid)
            {
                return p;
            }
        }

        return null;
    }

    private static ProcessRef Ref(ProcessSample p) => new(p.Pid, p.StartTicks);

}
