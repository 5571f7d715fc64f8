using LimitTop.Core.Model;

namespace LimitTop.Core.Sampling;

/// <summary>Per real-uid totals, computed as RLIMIT_NPROC counts: the sum of Threads: by real uid.</summary>
public static class UserAggregator
{
    public static IReadOnlyList<UserUsage> Aggregate(IReadOnlyList<ProcessSample> processes, UserNames names)
        => Aggregate(processes, names.Name);

    public static IReadOnlyList<UserUsage> Aggregate(IReadOnlyList<ProcessSample> processes, Func<int, string> nameOf)
    {
        var acc = new Dictionary<int, Acc>();
        foreach (var p in processes)
        {
            if (!acc.TryGetValue(p.Uid, out var a))
            {
                a = new Acc();
                acc[p.Uid] = a;
            }

            a.Tasks += p.Threads;
            a.Processes++;
            if (p.UserNamespaceOwner is { } owner)
            {
                // Charged at this level to the namespace's owner, not to the mapped uid (docs/kernel-limits.md §2).
                a.Nested += p.Threads;
                if (!acc.TryGetValue(owner, out var o))
                {
                    o = new Acc();
                    acc[owner] = o;
                }

                o.Owned += p.Threads;
            }

            if (a.Top is null || p.Threads > a.Top.Threads)
            {
                a.Top = p;
            }

            if (p.SigQueued is { } q)
            {
                // SigQ's first field is the user's total, identical in every process of the user (same userns).
                a.SigQueued = Math.Max(a.SigQueued ?? 0, q);
            }

            if (p.IsKernelThread || p.Limits is null)
            {
                continue;
            }

            a.Nproc.Add(p.Limits.Nproc.Soft);
            a.Sigpending.Add(p.Limits.Sigpending.Soft);

            if (p.Fds is { } fds)
            {
                double ratio = p.Limits.Nofile.Soft is { } soft && soft > 0 ? fds / (double)soft : 0;
                if (a.WorstNofile is null || ratio > a.WorstRatio || (ratio == a.WorstRatio && fds > a.WorstNofile.Fds))
                {
                    a.WorstRatio = ratio;
                    a.WorstNofile = new NofileHolder(p.Pid, p.Name, fds, p.Limits.Nofile.Soft);
                }
            }
        }

        var users = new List<UserUsage>(acc.Count);
        foreach (var (uid, a) in acc)
        {
            var nproc = a.Nproc.Range;
            bool exempt = uid == 0;
            int charged = a.Tasks - a.Nested + a.Owned;
            users.Add(new UserUsage
            {
                Uid = uid,
                Name = nameOf(uid),
                Tasks = a.Tasks,
                Processes = a.Processes,
                UserNamespaceTasks = a.Owned,
                ChargedTasks = charged,
                Exempt = exempt,
                Nproc = nproc,
                NprocHeadroom = !exempt && a.Nproc.Seen && nproc.Min is { } min ? min - charged : null,
                SigQueued = a.SigQueued,
                Sigpending = a.Sigpending.Range,
                WorstNofile = a.WorstNofile,
                TopPid = a.Top?.Pid,
            });
        }

        users.Sort((x, y) => y.ChargedTasks != x.ChargedTasks ? y.ChargedTasks.CompareTo(x.ChargedTasks) : x.Uid.CompareTo(y.Uid));
        return users;
    }

    private sealed class Acc
    {
        public int Tasks;
        public int Processes;
        public int Nested;
        public int Owned;
        public ProcessSample? Top;
        public long? SigQueued;
        public RangeAcc Nproc;
        public RangeAcc Sigpending;
        public NofileHolder? WorstNofile;
        public double WorstRatio;
    }

    /// <summary>Min/max of soft limits where null is unlimited (larger than any number).</summary>
    private struct RangeAcc
    {
        public bool Seen;
        private long? _min;
        private long? _max;
        private bool _minUnlimited;
        private bool _maxUnlimited;

        public void Add(long? v)
        {
            if (!Seen)
            {
                Seen = true;
                _minUnlimited = _maxUnlimited = v is null;
                _min = _max = v;
                return;
            }

            if (v is null)
            {
                _maxUnlimited = true;
                _max = null;
                return;
            }

            if (_minUnlimited || v < _min)
            {
                _min = v;
                _minUnlimited = false;
            }

            if (!_maxUnlimited && (_max is null || v > _max))
            {
                _max = v;
            }
        }

        public readonly LimitRange Range => Seen ? new LimitRange(_min, _max) : LimitRange.Unknown;
    }
}
