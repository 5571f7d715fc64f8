using System.Globalization;
using LimitTop.Core.Cgroups;
using LimitTop.Core.Procfs;
using LimitTop.Core.Native;

namespace LimitTop.Core.Witness;

/// <summary>
/// Reads, right after a refusal's trace line, what decides its limit: the asker's status, its process's
/// RLIMIT_NPROC and pids cgroup, the system's task count against threads-max and pid_max, and the user's task
/// count. Each is read at most once per drain (per thread, process, cgroup, or for the system), so a storm of
/// refusals from one program costs a handful of reads per tick, not per refusal.
/// </summary>
internal sealed class FactReader : IDisposable
{
    private readonly FileReader _proc;
    private readonly CgroupFs _cgroups;
    private readonly CgroupEventsLedger _ledger;
    private readonly IUserTaskCounts _users;
    private readonly Dictionary<int, TaskEntry> _tasks = [];
    private readonly Dictionary<int, ProcessEntry> _processes = [];
    private (long? NrThreads, long? ThreadsMax, long? PidMax)? _system;

    public FactReader(string proc, string sys, IUserTaskCounts users)
    {
        _proc = new FileReader(proc);
        _cgroups = CgroupFs.Open(sys);
        _ledger = new CgroupEventsLedger(_cgroups);
        _users = users;
    }

    /// <summary>What is known of the asker once read: its status and its process's pids cgroup.</summary>
    public readonly record struct TaskEntry(AskerStatus? Status, long? NprocSoft, PidsCgroupRef? Cgroup);

    private readonly record struct ProcessEntry(long? NprocSoft, PidsCgroupRef? Cgroup);

    public void BeginDrain()
    {
        _tasks.Clear();
        _processes.Clear();
        _system = null;
        _ledger.BeginDrain();
        _users.BeginDrain();
    }

    /// <summary>The asker (thread <paramref name="tid"/>), read once per drain.</summary>
    public TaskEntry Task(int tid, int? tgid)
    {
        if (_tasks.TryGetValue(tid, out var entry))
        {
            return entry;
        }

        AskerStatus? status = _proc.TryRead(Rel(tid, "status"), out var content, out _) && AskerStatus.TryParse(content, out var s) ? s : null;
        int process = status?.Tgid ?? tgid ?? tid;
        if (!_processes.TryGetValue(process, out var p))
        {
            long? soft = _proc.TryRead(Rel(process, "limits"), out content, out _) && LimitsParser.TryParse(content, out var limits)
                ? limits!.Nproc.Soft
                : null;
            PidsCgroupRef? cgroup = _proc.TryRead(Rel(process, "cgroup"), out content, out _)
                && CgroupParser.TryFindPids(content, _cgroups.V2HasPids, out var c) ? c : null;
            p = new ProcessEntry(soft, cgroup);
            _processes[process] = p;
        }

        entry = new TaskEntry(status, p.NprocSoft, p.Cgroup);
        _tasks[tid] = entry;
        return entry;
    }

    public RefusalFacts Facts(in TaskEntry task, int errno)
    {
        _system ??= ReadSystem();
        var (nr, tmax, pmax) = _system.Value;
        long? userTasks = errno == Errno.EAGAIN && task.Status is { NprocExempt: false } st && task.NprocSoft is not null ? _users.TasksOf(st.RealUid) : null;
        return new RefusalFacts(task.Status, task.NprocSoft, userTasks, nr, tmax, pmax);
    }

    /// <summary>The cgroup on the asker's path whose pids.events has a refusal not yet accounted for.</summary>
    public string? TakeMovedCgroup(in TaskEntry task)
        => task.Cgroup is { } c ? _ledger.TakeMoved(c.Version, c.Path) : null;

    private (long?, long?, long?) ReadSystem()
    {
        long? nr = _proc.TryRead("loadavg", out var content, out _) && SystemFileParsers.TryParseLoadAvg(content, out var load)
            ? load.Tasks
            : null;
        _ = _proc.TryReadLong("sys/kernel/threads-max", out long? tmax);
        _ = _proc.TryReadLong("sys/kernel/pid_max", out long? pmax);
        return (nr, tmax, pmax);
    }

    private static string Rel(int pid, string file) => string.Create(CultureInfo.InvariantCulture, $"{pid}/{file}");

    public void Dispose()
    {
        _proc.Dispose();
        _cgroups.Dispose();
        (_users as IDisposable)?.Dispose();
    }
}
