using System.Diagnostics;
using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sockets;
using LimitTop.Core.Text;

namespace LimitTop.Core.Sampling;

/// <summary>
/// Reads /proc and /sys into immutable <see cref="Snapshot"/>s. Owns what needs history (previous CPU ticks,
/// per-process slow-cadence data, cgroup event baselines). Never starts a process or a thread; not thread-safe.
/// </summary>
public sealed partial class Sampler : IDisposable
{
    private readonly ProcRoot _root;
    private readonly SamplerOptions _options;
    private readonly TimeProvider _time;
    private readonly FileReader _proc;
    private readonly FileReader? _sys;
    private readonly UserNames _users;
    private readonly CgroupReader _cgroups;
    private readonly SocketSampler? _sockets;
    private readonly UserNamespaces _namespaces;
    private readonly Dictionary<int, ProcState> _states = [];
    private readonly List<int> _pids = new(1024);
    private readonly HashSet<int> _groupIds = [];                    // pgrp and session IDs of this sample
    private readonly List<(int Pid, int Threads)> _pidThreads = new(1024);
    private readonly List<int> _tids = [];
    private readonly FileReader.EntryAction _onTaskEntry;
    private readonly Func<int, IReadOnlyList<int>?> _taskIds;
    private readonly long _clockTicksPerSecond;
    private readonly long _pageSize;
    private readonly bool _fdSizeIsCount;
    private long _sequence;
    private long _previousTimestamp;

    public Sampler(ProcRoot root, SamplerOptions? options = null, TimeProvider? time = null)
    {
        _root = root;
        _options = options ?? new SamplerOptions();
        _time = time ?? TimeProvider.System;
        _proc = new FileReader(root.Proc);
        _sys = Directory.Exists(root.Sys) ? new FileReader(root.Sys) : null;
        _users = new UserNames(Path.Combine(root.Etc, "passwd"));
        _cgroups = new CgroupReader(_sys);
        _clockTicksPerSecond = Math.Max(1, (long)Tmds.Linux.LibC.sysconf(2 /* _SC_CLK_TCK */));
        _pageSize = Environment.SystemPageSize;
        _fdSizeIsCount = DetectFdSizeIsCount();
        _namespaces = new UserNamespaces(_proc);
        _sockets = _options.Sockets is { } so ? new SocketSampler(root, so, _time) : null;
        _onTaskEntry = OnTaskEntry;
        _taskIds = TaskIds;
    }

    public ProcRoot Root => _root;

    /// <summary>True when stat("/proc/PID/fd").st_size gives the fd count (kernel 6.2+); else fds are listed.</summary>
    public bool FdCountFromStat => _fdSizeIsCount;

    public Snapshot Sample()
    {
        var cpuStart = CpuClock.Thread;
        long timestamp = _time.GetTimestamp();
        double elapsed = _previousTimestamp == 0 ? 0 : _time.GetElapsedTime(_previousTimestamp, timestamp).TotalSeconds;
        _previousTimestamp = timestamp;
        var now = _time.GetUtcNow();
        long seq = ++_sequence;
        var warnings = new List<string>();

        ListPids(warnings);
        _groupIds.Clear();

        // Before the processes, so each ProcessSample can take its socket count from the scan.
        var sockets = _sockets?.Sample(_pids);
        if (sockets is not null)
        {
            warnings.AddRange(sockets.Warnings);
        }

        var processes = new List<ProcessSample>(_pids.Count);
        int fdDenied = 0, limitsDenied = 0;
        var starved = new Starved();
        foreach (int pid in _pids)
        {
            var sample = ReadProcess(pid, seq, timestamp, elapsed, ref fdDenied, ref limitsDenied, ref starved);
            if (sample is not null)
            {
                processes.Add(sample);
            }
        }

        // Forget processes that are gone (or whose pid was reused).
        if (_states.Count > processes.Count)
        {
            List<int>? dead = null;
            foreach (var (pid, st) in _states)
            {
                if (st.LastSeen != seq)
                {
                    (dead ??= []).Add(pid);
                }
            }

            if (dead is not null)
            {
                foreach (int pid in dead)
                {
                    _states.Remove(pid);
                }
            }
        }

        if (fdDenied > 0)
        {
            warnings.Add($"fd counts of {fdDenied} processes: permission denied (run as root to see them)");
        }

        if (limitsDenied > 0)
        {
            warnings.Add($"limits of {limitsDenied} processes could not be read");
        }

        if (starved.Processes > 0)
        {
            // Out of file descriptors (own RLIMIT_NOFILE or the system's file-max): the list is incomplete;
            // say so instead of showing fewer processes as if they had exited.
            warnings.Add($"{starved.Processes} processes unreadable: {Errno.Describe(starved.Error)}; {starved.Kept} shown with older values");
        }

        var system = ReadSystem(processes, warnings);
        var users = UserAggregator.Aggregate(processes, _users);
        var cgroups = _cgroups.Read(processes);
        var diagnosis = DiagnosisBuilder.Build(system, users, cgroups, processes);

        return new Snapshot
        {
            TakenAt = now,
            Sequence = seq,
            System = system,
            Users = users,
            Processes = processes,
            Cgroups = cgroups,
            Diagnosis = diagnosis,
            Sockets = sockets,
            Warnings = warnings,
            SampleCpu = CpuClock.Thread - cpuStart,
        };
    }

    private void ListPids(List<string> warnings)
    {
        _pids.Clear();
        if (!_proc.ForEachRootEntry(OnRootEntry, out int error))
        {
            warnings.Add($"cannot list {_root.Proc}: {Errno.Describe(error)}");
        }

        _pids.Sort();
    }

    private void OnRootEntry(ReadOnlySpan<byte> name, byte type)
    {
        if (name.Length > 0 && name[0] is >= (byte)'1' and <= (byte)'9' && Parse.TryInt(name, out int pid))
        {
            _pids.Add(pid);
        }
    }

    /// <summary>Processes whose files could not be opened for want of a file descriptor (EMFILE/ENFILE).</summary>
    private struct Starved
    {
        public int Processes;
        public int Kept;
        public int Error;
    }

    private static bool IsFdShortage(int error) => error is Errno.EMFILE or Errno.ENFILE;

    /// <summary>No fd to read the process with: its previous row (if any) stands in, and it is counted.</summary>
    private ProcessSample? Starve(int pid, long seq, int error, ref Starved starved)
    {
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
        if (!_proc.TryRead(ProcPath.Of(path, pid, "/stat"), out var statBytes, out int statError) || !StatParser.TryParse(statBytes, out var stat))
        {
            return IsFdShortage(statError) ? Starve(pid, seq, statError, ref starved) : null;
        }

        StatusFields status;
        if (stat.IsKernelThread)
        {
            // A kernel thread always runs as uid 0 in one task, and nothing is ever charged to it; skipping
            // its status saves a third of the reads on a typical host (~50 of ~110 processes here).
            status = new StatusFields(stat.Comm, stat.State, stat.Ppid, 0, 0, stat.Threads, null, null, true, null);
        }
        else if (!_proc.TryRead(ProcPath.Of(path, pid, "/status"), out var statusBytes, out int statusError) || !StatusParser.TryParse(statusBytes, out status))
        {
            return IsFdShortage(statusError) ? Starve(pid, seq, statusError, ref starved) : null;
        }

        if (status.Threads == 0)
        {
            // Being reaped right now: release_task has already uncharged it from every count (a zombie that is
            // merely waiting for its parent still shows Threads: 1). It has vanished mid-read.
            return null;
        }

        bool kernel = status.KernelThread ?? (pid == 2 || stat.Ppid == 2);
        _groupIds.Add(stat.ProcessGroup); // for PidSpace: groups and sessions hold their leader's number
        _groupIds.Add(stat.Session);

        if (!_states.TryGetValue(pid, out var st) || st.StartTicks != stat.StartTicks)
        {
            st = new ProcState { StartTicks = stat.StartTicks };
            _states[pid] = st;
        }

        bool slowDue = st.SlowReadAt == 0 || _time.GetElapsedTime(st.SlowReadAt, timestamp) >= _options.SlowInterval;
        if (slowDue)
        {
            st.SlowReadAt = timestamp;
            st.Cmdline = kernel ? "" : ReadCmdline(path, pid);
            if (_proc.TryRead(ProcPath.Of(path, pid, "/limits"), out var lim, out int limitsError) && LimitsParser.TryParse(lim, out var limits))
            {
                st.Limits = limits;
            }
            else if (!IsFdShortage(limitsError))
            {
                st.Limits = null; // (short of fds: the limits read before stay)
            }

            st.UserNamespaceOwner = kernel ? null : _namespaces.OwnerOf(pid);
            st.Cgroup = _proc.TryRead(ProcPath.Of(path, pid, "/cgroup"), out var cg, out _)
                && CgroupParser.TryFindPids(cg, _cgroups.V2HasPids, out var cref) ? cref : null;
        }

        if (st.Limits is null && !kernel)
        {
            limitsDenied++;
        }

        int? fds = null;
        if (_options.ReadFds && !kernel)
        {
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
            RssBytes = stat.RssPages * _pageSize,
            CpuPercent = cpu,
            IsKernelThread = kernel,
            StartTicks = stat.StartTicks,
            Sockets = _sockets?.SocketsOf(pid),
            SocketsPending = _sockets is { } so && !kernel && so.SocketsPending(pid),
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

    private string ReadCmdline(Span<char> path, int pid)
        => _proc.TryRead(ProcPath.Of(path, pid, "/cmdline"), out var raw, out _) ? SafeText.FromCmdline(raw) : "";

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

    private SystemUsage ReadSystem(List<ProcessSample> processes, List<string> warnings)
    {
        string host = (_proc.ReadText("sys/kernel/hostname") ?? Environment.MachineName).Trim();
        TimeSpan uptime = _proc.TryRead("uptime", out var up, out _) && SystemFileParsers.TryParseUptime(up, out var u) ? u : TimeSpan.Zero;
        LoadAvg load = default;
        if (!(_proc.TryRead("loadavg", out var la, out _) && SystemFileParsers.TryParseLoadAvg(la, out load)))
        {
            warnings.Add("cannot read /proc/loadavg: task count unknown");
        }

        _proc.TryReadLong("sys/kernel/threads-max", out long? threadsMax);
        _proc.TryReadLong("sys/kernel/pid_max", out long? pidMax);
        _proc.TryReadLong("sys/kernel/ns_last_pid", out long? lastPid);
        _proc.TryReadLong("sys/fs/nr_open", out long? nrOpen);
        _proc.TryReadLong("sys/vm/overcommit_memory", out long? overcommit);
        long files = 0, fileMax = 0;
        if (_proc.TryRead("sys/fs/file-nr", out var fnr, out _))
        {
            SystemFileParsers.TryParseFileNr(fnr, out files, out fileMax);
        }

        MemInfo mem = _proc.TryRead("meminfo", out var mi, out _) ? SystemFileParsers.ParseMemInfo(mi) : default;

        _pidThreads.Clear();
        foreach (var p in processes)
        {
            _pidThreads.Add((p.Pid, p.Threads));
        }

        var pids = PidSpace.Count(pidMax ?? 0, lastPid, _pidThreads, _groupIds, _taskIds);

        return new SystemUsage
        {
            Hostname = SafeText.Escape(host),
            Uptime = uptime,
            Tasks = load.Tasks,
            ThreadsMax = threadsMax ?? 0,
            PidsUsed = pids.Held,
            PidMax = pidMax ?? 0,
            PidsUsable = pids.Usable,
            PidsLowest = pids.Lowest,
            PidsHeldByGroups = pids.HeldByGroups,
            OpenFiles = files,
            FileMax = fileMax,
            NrOpen = nrOpen,
            OvercommitMode = (int)(overcommit ?? 0),
            CommittedAsBytes = mem.CommittedAsBytes,
            CommitLimitBytes = mem.CommitLimitBytes,
            LoadAverage1 = load.Load1,
            LoadAverage5 = load.Load5,
            LoadAverage15 = load.Load15,
            Processes = processes.Count,
        };
    }

    public void Dispose()
    {
        _proc.Dispose();
        _sys?.Dispose();
        _sockets?.Dispose();
    }

    private sealed class ProcState
    {
        public ulong StartTicks;
        public long SlowReadAt;
        public string Cmdline = "";
        public ProcessLimits? Limits;
        public PidsCgroupRef? Cgroup;
        public int? UserNamespaceOwner;
        public ulong CpuTicks;
        public long LastSeen;

        /// <summary>The last row read, shown again when the process cannot be read for want of an fd.</summary>
        public ProcessSample? Last;
    }
}
