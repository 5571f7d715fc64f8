using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Core.Naming;

namespace LimitTop.Core.Why;

/// <summary>One uid whose RLIMIT_NPROC count is shared by the processes of several containers, and is nearly used up.</summary>
public sealed record SharedNprocNote(int Uid, string User, int ChargedTasks, long Limit, IReadOnlyList<string> Containers, string Sentence);

/// <summary>
/// RLIMIT_NPROC counts the tasks of a real uid, not of a container: two containers (or a container and the host)
/// whose processes run as the same host uid without a user namespace of their own share one count, and the
/// busier one makes the other's forks fail (docs/kernel-limits.md §2; docs/container-names.md). A process in a
/// nested user namespace is charged to the namespace's owner, as the sampler already counts it
/// (<see cref="ProcessSample.UserNamespaceOwner"/>). Said only when it binds: headroom at most a tenth of the limit.
/// </summary>
public static class SharedNprocNotes
{
    /// <param name="name">The namer (or any function naming a pids cgroup by path and version).</param>
    public static List<SharedNprocNote> Find(IEnumerable<ProcessSample> processes, IEnumerable<UserUsage> users, Func<string, int, CgroupName> name,
        double bindingFraction = 0.1)
    {
        ArgumentNullException.ThrowIfNull(processes);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(name);
        var binding = new Dictionary<int, UserUsage>();
        foreach (var u in users)
        {
            if (!u.Exempt && u.Nproc.Min is { } min && min > 0 && u.NprocHeadroom is { } room && room <= Math.Max(1, (long)(min * bindingFraction)))
            {
                binding[u.Uid] = u;
            }
        }

        var holders = new Dictionary<int, SortedSet<string>>();
        if (binding.Count == 0)
        {
            return [];
        }

        foreach (var p in processes)
        {
            int charged = p.UserNamespaceOwner ?? p.Uid;
            if (!binding.ContainsKey(charged) || p.IsKernelThread)
            {
                continue;
            }

            var n = p.Cgroup is { } path ? name(path, p.CgroupVersion ?? 1) : null;
            string holder = n is { IsContainer: true } ? n.Display : "the host";
            if (!holders.TryGetValue(charged, out var set))
            {
                holders[charged] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.Add(holder);
        }

        var notes = new List<SharedNprocNote>();
        foreach (var (uid, set) in holders)
        {
            if (set.Count < 2 || set.All(h => h == "the host"))
            {
                continue;
            }

            var u = binding[uid];
            long limit = u.Nproc.Min!.Value;
            string list = string.Join(", ", set.Take(5)) + (set.Count > 5 ? string.Format(CultureInfo.InvariantCulture, " and {0} more", set.Count - 5) : "");
            string sentence = string.Format(CultureInfo.InvariantCulture,
                "uid {0} ({1}) runs in {2} places that share one RLIMIT_NPROC count: {3}; {4:N0} of {5:N0} tasks, so a fork in any of them fails when the others fill it",
                uid, u.Name, set.Count, list, u.ChargedTasks, limit);
            notes.Add(new SharedNprocNote(uid, u.Name, u.ChargedTasks, limit, [.. set], sentence));
        }

        return notes;
    }
}
