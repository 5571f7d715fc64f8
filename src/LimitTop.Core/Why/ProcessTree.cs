using LimitTop.Core.Model;

namespace LimitTop.Core.Why;

/// <summary>One row of the tree view: a process, how deep it sits, and what its whole subtree holds.</summary>
/// <param name="SubtreeTasks">Tasks (threads, zombies included) of the process and every descendant.</param>
/// <param name="SubtreeProcesses">The process and its descendants.</param>
public sealed record TreeRow(ProcessSample Process, int Depth, long SubtreeTasks, int SubtreeProcesses, bool HasChildren);

/// <summary>
/// The process table as a tree by PPid, with subtree totals, so a fork storm's parent is one glance away. Roots are
/// processes whose parent is not in the snapshot (pid 1, kthreadd, anything whose parent /proc hid). Siblings in
/// <c>siblingOrder</c> (the table's sort; pid order when none), ties by pid. Iterative, and safe against the cycles a pid reused mid-sample could make: every process appears once.
/// </summary>
public static class ProcessTree
{
    public static IReadOnlyList<TreeRow> Build(IReadOnlyList<ProcessSample> processes, Comparison<ProcessSample>? siblingOrder = null)
    {
        Comparison<ProcessSample> order = siblingOrder is null
            ? (a, b) => a.Pid.CompareTo(b.Pid)
            : (a, b) => siblingOrder(a, b) is var c && c != 0 ? c : a.Pid.CompareTo(b.Pid);
        var byPid = new Dictionary<int, ProcessSample>(processes.Count);
        foreach (var p in processes)
        {
            byPid.TryAdd(p.Pid, p);
        }

        var children = new Dictionary<int, List<ProcessSample>>();
        var roots = new List<ProcessSample>();
        foreach (var p in byPid.Values)
        {
            if (p.Ppid != p.Pid && byPid.ContainsKey(p.Ppid))
            {
                (children.TryGetValue(p.Ppid, out var list) ? list : children[p.Ppid] = []).Add(p);
            }
            else
            {
                roots.Add(p);
            }
        }

        foreach (var list in children.Values)
        {
            list.Sort(order);
        }

        roots.Sort(order);
        var totals = Totals(byPid, children);

        var rows = new List<TreeRow>(byPid.Count);
        var placed = new HashSet<int>();
        var stack = new Stack<(ProcessSample P, int Depth)>();
        void Walk(ProcessSample root)
        {
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (p, depth) = stack.Pop();
                if (!placed.Add(p.Pid))
                {
                    continue;
                }

                var kids = children.GetValueOrDefault(p.Pid);
                var (tasks, procs) = totals[p.Pid];
                rows.Add(new TreeRow(p, depth, tasks, procs, kids is { Count: > 0 }));
                for (int i = (kids?.Count ?? 0) - 1; i >= 0; i--)
                {
                    stack.Push((kids![i], depth + 1));
                }
            }
        }

        foreach (var r in roots)
        {
            Walk(r);
        }

        // Processes only reachable through a cycle (a → b → a) have no root: each cycle starts at its lowest pid.
        foreach (var p in byPid.Values.OrderBy(p => p.Pid))
        {
            if (!placed.Contains(p.Pid))
            {
                Walk(p);
            }
        }

        return rows;
    }

    /// <summary>Tasks and processes of every subtree, by pid (post-order, each process counted once).</summary>
    public static Dictionary<int, (long Tasks, int Processes)> SubtreeTotals(IReadOnlyList<ProcessSample> processes)
        => Build(processes).ToDictionary(r => r.Process.Pid, r => (r.SubtreeTasks, r.SubtreeProcesses));

    private static Dictionary<int, (long Tasks, int Processes)> Totals(Dictionary<int, ProcessSample> byPid, Dictionary<int, List<ProcessSample>> children)
    {
        var totals = new Dictionary<int, (long, int)>(byPid.Count);
        var state = new Dictionary<int, bool>(byPid.Count); // false = open, true = done
        foreach (int start in byPid.Keys)
        {
            if (state.ContainsKey(start))
            {
                continue;
            }

            var stack = new Stack<int>();
            stack.Push(start);
            while (stack.Count > 0)
            {
                int pid = stack.Peek();
                if (!state.TryGetValue(pid, out bool done))
                {
                    state[pid] = false;
                    foreach (var c in children.GetValueOrDefault(pid) ?? [])
                    {
                        if (!state.ContainsKey(c.Pid))
                        {
                            stack.Push(c.Pid);
                        }
                    }

                    continue;
                }

                stack.Pop();
                if (done)
                {
                    continue;
                }

                long tasks = byPid[pid].Threads;
                int procs = 1;
                foreach (var c in children.GetValueOrDefault(pid) ?? [])
                {
                    if (totals.TryGetValue(c.Pid, out var t) && state[c.Pid])
                    {
                        tasks += t.Item1;
                        procs += t.Item2;
                    }
                }

                totals[pid] = (tasks, procs);
                state[pid] = true;
            }
        }

        return totals;
    }
}
