using LimitTop.Core.Analysis;
using LimitTop.Core.Model;

namespace LimitTop.TestSupport;

/// <summary>
/// The one builder of hand-made snapshots and processes: the view-model tests (<see cref="Proc"/>, <see cref="Make"/>:
/// users and diagnosis derived) and the action, dump and trend tests (<see cref="Member"/>, <see cref="Snap"/>: a
/// start time per process, a fixed clock, no users) control every number.
/// </summary>
public static class Snapshots
{
    /// <summary>The clock every composed test frame is drawn at.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static ProcessSample Proc(int pid, int threads, string user = "alice", int uid = 1000, int? fds = 10,
        long? nofileSoft = 1024, long? nprocSoft = 4096, bool kernel = false, string? name = null, string? cmd = null,
        double? cpu = 0, long rss = 1 << 20, char state = 'S', int? sockets = null, string? cgroup = "/user.slice")
        => new()
        {
            Pid = pid,
            Ppid = kernel ? 2 : 1,
            Uid = uid,
            Euid = uid,
            User = user,
            Name = name ?? "proc" + pid,
            Cmdline = kernel ? "" : cmd ?? "/usr/bin/proc" + pid + " --flag",
            State = state,
            Threads = threads,
            Fds = kernel ? null : fds,
            Limits = kernel ? null : new ProcessLimits(new LimitPair(nprocSoft, nprocSoft), new LimitPair(nofileSoft, nofileSoft), new LimitPair(100, 100)),
            CpuPercent = cpu,
            RssBytes = rss,
            IsKernelThread = kernel,
            Sockets = sockets,
            Cgroup = cgroup,
            CgroupVersion = 2,
        };

    public static Snapshot Make(IReadOnlyList<ProcessSample> processes, long seq = 1, IReadOnlyList<UserUsage>? users = null,
        IReadOnlyList<CgroupUsage>? cgroups = null, SocketSummary? sockets = null)
    {
        var system = SystemOf(processes, "testhost", TimeSpan.FromHours(50), threadsMax: 100_000, pidMax: 4_194_304, openFiles: 2000, fileMax: 1_000_000);
        users ??= processes.GroupBy(p => p.Uid).Select(g => new UserUsage
        {
            Uid = g.Key,
            Name = g.First().User,
            Tasks = g.Sum(p => p.Threads),
            Processes = g.Count(),
            Exempt = g.Key == 0,
            Nproc = new LimitRange(g.Min(p => p.Limits?.Nproc.Soft), g.Max(p => p.Limits?.Nproc.Soft)),
            Sigpending = new LimitRange(100, 100),
            SigQueued = 0,
        }).ToList();
        cgroups ??= [];
        return new Snapshot
        {
            TakenAt = DateTimeOffset.UnixEpoch.AddSeconds(seq),
            Sequence = seq,
            System = system,
            Users = users,
            Processes = processes,
            Cgroups = cgroups,
            Diagnosis = DiagnosisBuilder.Build(system, users, cgroups, processes),
            Sockets = sockets,
        };
    }

    /// <summary>A process as the action tests see it: a command line, a cgroup and a start time (1000 + pid).</summary>
    public static ProcessSample Member(int pid, int uid, string name, string cmdline, string? cgroup = "/user.slice", int? version = 1,
        char state = 'S', bool kernel = false, int threads = 1, string? user = null)
        => new()
        {
            Pid = pid,
            Ppid = 1,
            Uid = uid,
            Euid = uid,
            User = user ?? (uid == 0 ? "root" : $"u{uid}"),
            Name = name,
            Cmdline = cmdline,
            State = state,
            Threads = threads,
            Cgroup = cgroup,
            CgroupVersion = cgroup is null ? null : version,
            IsKernelThread = kernel,
            StartTicks = (ulong)(1000 + pid),
        };

    /// <summary>A bare snapshot of <paramref name="processes"/> (sorted by PID): no users, no cgroups, no diagnosis.</summary>
    public static Snapshot Snap(IEnumerable<ProcessSample> processes, long seq = 1, DateTimeOffset? at = null)
    {
        var list = processes.OrderBy(p => p.Pid).ToList();
        return new Snapshot
        {
            TakenAt = at ?? new DateTimeOffset(2026, 11, 26, 15, 52, 2, TimeSpan.Zero),
            Sequence = seq,
            System = SystemOf(list, "test", TimeSpan.FromHours(1), threadsMax: 7718, pidMax: 32768, openFiles: 100, fileMax: 1000),
            Users = [],
            Processes = list,
            Cgroups = [],
            Diagnosis = [],
        };
    }

    /// <summary>The system row of <paramref name="processes"/>: their tasks and count, the given limits, 300 low PIDs reserved.</summary>
    private static SystemUsage SystemOf(IReadOnlyList<ProcessSample> processes, string host, TimeSpan uptime, long threadsMax, long pidMax, long openFiles, long fileMax)
        => new()
        {
            Hostname = host,
            Uptime = uptime,
            Tasks = processes.Sum(p => p.Threads),
            ThreadsMax = threadsMax,
            PidsUsed = processes.Sum(p => p.Threads),
            PidMax = pidMax,
            PidsUsable = pidMax - 300,
            PidsLowest = 300,
            OpenFiles = openFiles,
            FileMax = fileMax,
            Processes = processes.Count,
        };
}
