using LimitTop.Core.Cgroups;
using LimitTop.Core.Model;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;
using LimitTop.Core.Text;

namespace LimitTop.Core.Sampling;

/// <summary>One process per call: stat, status, the slow-cadence files (limits, cgroup, cmdline) and its fd count.</summary>
public sealed partial class Sampler
{
    /// <summary>Processes whose files could not be opened for want of a file descriptor (EMFILE/ENFILE).</summary>
    private struct Starved
    {
        public int Processes;
        public int Kept;
        public int Error;
    }

    /// <summary>Capped, and shared across ticks while unchanged (issue 24: an argv is its owner's to make huge).</summary>
    private readonly CmdlineReader _cmdlines = new();

    private CgroupNamespaceRoot? _cgroupNamespace;

    private static bool IsFdShortage(int error) => error is Errno.EMFILE or Errno.ENFILE;

    /// <summary>Paths read inside a private cgroup namespace, made the host hierarchy's (found at the first use; docs §13).</summary>
    private CgroupNamespaceRoot CgroupNamespace => _cgroupNamespace ??= CgroupNamespaceRoot.Find(_proc, _cgroupFs, Environment.ProcessId);

    /// <summary>No fd to read the process with: its previous row (if any) stands in, and it is counted.</summary>
    private ProcessSample? Starve(int pid, long seq, int error, ref Starved starved)
    {
        _stats.ReleaseAll(); // give the held stat descriptors back while descriptors are short
        starved.Processes++;
        starved.Error = error;
        if (_states.TryGetValue(pid, out var st) && st.Last is { } last)
        {
            st.LastSeen = seq;
            starved.Kept++;
            return last;
        }

        return null;
    }

    private ProcessSample? ReadProcess(int pid, long seq, long timestamp, double elapsed, ref int fdDenied, ref int limitsDenied, ref Starved starved)
    {
        Span<char> path = stackalloc char[ProcPath.MaxLength];
        if (!_stats.TryRead(pid, ProcPath.Of(path, pid, "/stat"), out var statBytes, out int statError) || !StatParser.TryParse(statBytes, out var stat))
        {
            return IsFdShortage(statError) ? Starve(pid, seq, statError, ref starved) : null;
        }

        if (!_states.TryGetValue(pid, out var st) || st.StartTicks != stat.StartTicks)
        {
            st = new ProcState { StartTicks = stat.StartTicks };
            _states[pid] = st;
        }

        bool slowDue = st.SlowReadAt == 0 || _time.GetElapsedTime(st.SlowReadAt, timestamp) >= _options.SlowInterval;
        StatusFields status;
        if (stat.IsKernelThread)
        {
            // A kernel thread always runs as uid 0 in one task, and nothing is ever charged to it; skipping
            // its status saves a third of the reads on a typical host (~50 of ~110 processes here).
            status = new StatusFields(stat.Comm, stat.State, stat.Ppid, 0, 0, stat.Threads, null, null, true, null);
        }
        else if (!_status.TryGet(path, pid, stat, st.Status, slowDue, _namespaces.Available && st.SlowReadAt != 0 && st.UserNamespaceOwner is null, out status, out int statusError))
        {
            return IsFdShortage(statusError) ? Starve(pid, seq, statusError, ref starved) : null;
        }

        if (status.Threads == 0)
        {
            // Being reaped right now: release_task has already uncharged it from every count (a zombie that is
            // merely waiting for its parent still shows Threads: 1). It has vanished mid-read.
            return null;
        }

        bool kernel = ProcessKind.IsKernelThread(pid, stat, status.KernelThread);
        _groupIds.Add(stat.ProcessGroup); // for PidSpace: groups and sessions hold their leader's number
        _groupIds.Add(stat.Session);

        if (slowDue)
        {
            bool firstRead = st.SlowReadAt == 0;
            st.SlowReadAt = timestamp;
            st.Cmdline = kernel ? "" : _cmdlines.Read(_proc, ProcPath.Of(path, pid, "/cmdline"), st.Cmdline, ref st.CmdlineHash);
            if (_proc.TryRead(ProcPath.Of(path, pid, "/limits"), out var lim, out int limitsError) && LimitsParser.TryParse(lim, out var limits))
            {
                st.Limits = limits;
            }
            else if (!IsFdShortage(limitsError))
            {
                st.Limits = null; // (short of fds: the limits read before stay)
            }

            st.UserNamespaceOwner = kernel ? null : _namespaces.OwnerOf(pid, fresh: firstRead);
            st.Cgroup = _proc.TryRead(ProcPath.Of(path, pid, "/cgroup"), out var cg, out _)
                && CgroupParser.TryFindPids(cg, _cgroupFs.V2HasPids, out var cref) ? CgroupNamespace.Resolve(cref) : null;
        }

        if (st.Limits is null && !kernel)
        {
            limitsDenied++;
        }

        int? fds = null;
        if (_options.ReadFds && !kernel && Need(ReadNeeds.FdCounts))
        {
            FdCountReads++;
            fds = CountFds(path, pid, ref fdDenied);
        }

        ulong cpuTicks = stat.UserTicks + stat.SystemTicks;
        double? cpu = null;
        if (st.LastSeen != 0 && elapsed > 0 && cpuTicks >= st.CpuTicks)
        {
            cpu = (cpuTicks - st.CpuTicks) / (double)_clockTicksPerSecond / elapsed * 100.0;
        }

        st.CpuTicks = cpuTicks;
        st.LastSeen = seq;

        return st.Last = new ProcessSample
        {
            Pid = pid,
            Ppid = stat.Ppid,
            Uid = status.RealUid,
            Euid = status.EffectiveUid,
            User = _users.Name(status.RealUid),
            // stat holds the raw comm; status escapes only '\n' and '\\' and would show a backslash doubled.
            Name = SafeText.Escape(stat.Comm),
            Cmdline = st.Cmdline,
            State = stat.State,
            Threads = status.Threads,
            Fds = fds,
            Limits = st.Limits,
            LimitsAge = _time.GetElapsedTime(st.SlowReadAt, timestamp),
            SigQueued = status.SigQueued,
            Cgroup = st.Cgroup?.Path,
            CgroupVersion = st.Cgroup?.Version,
            UserNamespaceOwner = st.UserNamespaceOwner,
            NprocExempt = kernel ? Limits.NprocExemption.Uid0 : Limits.NprocExemption.Of(status.RealUid, status.CapEff, st.UserNamespaceOwner is not null),
            RssBytes = stat.RssPages * _pageSize,
            CpuPercent = cpu,
            IsKernelThread = kernel,
            StartTicks = stat.StartTicks,
            Sockets = Need(ReadNeeds.ProcessSockets) ? _sockets?.SocketsOf(pid) : null,
            SocketsPending = _sockets is { } so && !kernel && Need(ReadNeeds.ProcessSockets) && so.SocketsPending(pid),
        };
    }

    /// <summary>The task IDs of one process (PidSpace asks only for the few whose threads can fall outside its range).</summary>
    private IReadOnlyList<int>? TaskIds(int pid)
    {
        _tids.Clear();
        Span<char> path = stackalloc char[ProcPath.MaxLength];
        return _proc.ForEachEntry(ProcPath.Of(path, pid, "/task"), _onTaskEntry, out _) ? _tids : null;
    }

    private void OnTaskEntry(ReadOnlySpan<byte> name, byte type)
    {
        if (Parse.TryInt(name, out int tid))
        {
            _tids.Add(tid);
        }
    }

    private int? CountFds(Span<char> path, int pid, ref int denied)
    {
        var rel = ProcPath.Of(path, pid, "/fd");
        if (_fdSizeIsCount)
        {
            if (_proc.TryStatSize(rel, out long size, out int err))
            {
                // A process with no fds at all reads 0 as well; 0 is only listed when it could be wrong.
                if (size > 0)
                {
                    return (int)size;
                }
            }
            else
            {
                if (err == Errno.EACCES || err == Errno.EPERM)
                {
                    denied++;
                }

                return null;
            }
        }

        if (_proc.TryCountEntries(rel, out int count, out int error))
        {
            return count;
        }

        if (error == Errno.EACCES || error == Errno.EPERM)
        {
            denied++;
        }

        return null;
    }

    private bool DetectFdSizeIsCount()
    {
        // On 6.2+ st_size of /proc/PID/fd is the number of open fds. Listing includes the fd used for the
        // listing itself, so the two agree within one.
        if (!_proc.TryStatSize("self/fd", out long size, out _) || size <= 0)
        {
            return false;
        }

        return _proc.TryCountEntries("self/fd", out int listed, out _) && Math.Abs(listed - size) <= 1;
    }
}
