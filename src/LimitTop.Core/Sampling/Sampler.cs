using System.Diagnostics.CodeAnalysis;
using LimitTop.Core.Cgroups;
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
    private readonly HeldProcFiles _stats; // /proc/PID/stat through descriptors held between ticks
    private readonly CgroupFs _cgroupFs;
    private readonly UserNames _users;
    private readonly CgroupUsageReader _cgroups;
    private readonly SocketSampler? _sockets;
    private readonly UserNamespaces _namespaces;
    private readonly StatusReuse _status;
    private readonly PidListReuse _listing;
    private readonly Dictionary<int, ProcState> _states = [];
    private readonly List<int> _pids = new(1024);
    private readonly HashSet<int> _groupIds = [];                    // pgrp and session IDs of this sample
    private readonly List<(int Pid, int Threads)> _pidThreads = new(1024);
    private readonly List<int> _tids = [];
    private readonly DirectoryEntries.EntryAction _onTaskEntry;
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
        _stats = new HeldProcFiles(_proc, HeldProcFiles.LimitForSelf(_proc));
        _cgroupFs = CgroupFs.Open(root);
        _users = new UserNames(Path.Combine(root.Etc, "passwd"));
        _cgroups = new CgroupUsageReader(_cgroupFs);
        _clockTicksPerSecond = Math.Max(1, (long)Tmds.Linux.LibC.sysconf(2 /* _SC_CLK_TCK */));
        _pageSize = Environment.SystemPageSize;
        _fdSizeIsCount = DetectFdSizeIsCount();
        _namespaces = new UserNamespaces(_proc);
        _status = new StatusReuse(_proc);
        _listing = new PidListReuse(_proc, root, _time, _options.SlowInterval);
        _sockets = _options.Sockets is { } so ? new SocketSampler(root, so, _time) : null;
        _onTaskEntry = OnTaskEntry;
        _taskIds = TaskIds;
    }

    public ProcRoot Root => _root;

    /// <summary>
    /// The cgroup filesystem this sampler reads pids cgroups through, opened once: the actions (kill by cgroup,
    /// pids.max) and anything else that reads cgroup files take this one rather than opening /sys again.
    /// Owned by the sampler; valid until it is disposed.
    /// </summary>
    public CgroupFs Cgroups => _cgroupFs;

    /// <summary>True when stat("/proc/PID/fd").st_size gives the fd count (kernel 6.2+); else fds are listed.</summary>
    public bool FdCountFromStat => _fdSizeIsCount;

    /// <summary>/proc/PID/status files read by the last sample (the others were known unchanged: StatusReuse).</summary>
    public int StatusReads => _status.Reads;

    /// <summary>Samples that took the process list of the one before, no task having been created since (PidListReuse).</summary>
    public long ListingsReused => _listing.Reused;

    /// <summary>
    /// <see cref="Sample"/>, except that a refused resource gives false and the reason instead of an exception, so
    /// the caller can keep the last snapshot and mark it stale. Refusals are what the kernel says when it is out of
    /// something (see <see cref="IsRefusal"/>); every other exception is a bug and is not caught here.
    /// </summary>
    public bool TrySample([NotNullWhen(true)] out Snapshot? snapshot, [NotNullWhen(false)] out string? problem)
    {
        try
        {
            snapshot = Sample();
            problem = null;
            return true;
        }
        catch (Exception e) when (IsRefusal(e))
        {
            snapshot = null;
            problem = e.GetType().Name + ": " + e.Message;
            return false;
        }
    }

    /// <summary>
    /// True for what a refused resource throws while sampling: an <see cref="IOException"/> carrying EMFILE, ENFILE,
    /// ENOMEM or EAGAIN as its HResult (how .NET reports an errno on Unix, and how <see cref="FileReader"/> does).
    /// The sampler's own reads report errnos without throwing (a process that cannot be opened for want of an fd
    /// makes the sample incomplete, not failed); this covers managed file APIs. Not <see cref="OutOfMemoryException"/>:
    /// sampling starts no thread, so it would be the GC heap failing, which no stale frame can outlive.
    /// </summary>
    public static bool IsRefusal(Exception e) => e is IOException { HResult: var errno } && Errno.IsRefusal(errno);

    public Snapshot Sample()
    {
        var cpuStart = Clocks.ThreadCpu;
        long timestamp = _time.GetTimestamp();
        double elapsed = _previousTimestamp == 0 ? 0 : _time.GetElapsedTime(_previousTimestamp, timestamp).TotalSeconds;
        _previousTimestamp = timestamp;
        var now = _time.GetUtcNow();
        long seq = ++_sequence;
        var warnings = new List<string>();

        bool listingReused = ListPids(timestamp, warnings);
        _groupIds.Clear();
        _status.BeginTick();

        // Before the processes, so each ProcessSample can take its socket count from the scan.
        var sockets = _sockets?.Sample(Need(ReadNeeds.ProcessSockets) ? _pids : null);
        if (sockets is not null)
        {
            warnings.AddRange(sockets.Warnings);
        }

        var processes = new List<ProcessSample>(_pids.Count);
        int fdDenied = 0, limitsDenied = 0;
        var starved = new Starved();
        int kept = 0;
        for (int i = 0; i < _pids.Count; i++)
        {
            int pid = _pids[i];
            int starvedBefore = starved.Processes;
            var sample = ReadProcess(pid, seq, timestamp, elapsed, ref fdDenied, ref limitsDenied, ref starved);
            if (sample is not null)
            {
                processes.Add(sample);
            }

            // A reused list drops the processes found gone; one not read for want of an fd stays in it.
            if (!listingReused || sample is not null || starved.Processes != starvedBefore)
            {
                _pids[kept++] = pid;
            }
        }

        _pids.RemoveRange(kept, _pids.Count - kept);

        _stats.EndTick(); // close the held stat descriptors of processes not read this tick
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

        return new Snapshot
        {
            TakenAt = now,
            Sequence = seq,
            System = system,
            Users = users,
            Processes = processes,
            Cgroups = cgroups,
            Diagnosis = [], // the collector's analysis (Core/Pipeline) ranks the limits
            Sockets = sockets,
            Warnings = warnings,
            SampleCpu = Clocks.ThreadCpu - cpuStart,
        };
    }

    /// <summary>Lists /proc into _pids, or keeps the last list when no task has been created since (true).</summary>
    private bool ListPids(long timestamp, List<string> warnings)
    {
        if (_listing.TryReuse(timestamp, out long cursor))
        {
            return true;
        }

        _pids.Clear();
        if (_proc.ForEachRootEntry(OnRootEntry, out int error))
        {
            _listing.Listed(timestamp, cursor); // (the cursor read before listing: a task created meanwhile moves it)
        }
        else
        {
            warnings.Add($"cannot list {_root.Proc}: {Errno.Describe(error)}");
        }

        _pids.Sort();
        return false;
    }

    private void OnRootEntry(ReadOnlySpan<byte> name, byte type)
    {
        if (name.Length > 0 && name[0] is >= (byte)'1' and <= (byte)'9' && Parse.TryInt(name, out int pid))
        {
            _pids.Add(pid);
        }
    }

    public void Dispose()
    {
        _stats.Dispose();
        _listing.Dispose();
        _proc.Dispose();
        _cgroupFs.Dispose();
        _sockets?.Dispose();
    }

    private sealed class ProcState
    {
        public ulong StartTicks;
        public long SlowReadAt;
        public string Cmdline = "";
        public int CmdlineHash; // of the bytes Cmdline was made from (CmdlineReader shares an unchanged one)
        public ProcessLimits? Limits;
        public PidsCgroupRef? Cgroup;
        public int? UserNamespaceOwner;
        public ulong CpuTicks;
        public long LastSeen;
        public readonly StatusReuse.Entry Status = new();

        /// <summary>The last row read, shown again when the process cannot be read for want of an fd.</summary>
        public ProcessSample? Last;
    }
}
