using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Core.Recording;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Tests.Recording;

/// <summary>
/// Deterministic ticks at the journal's precision (CPU% in tenths, times in ms, load in hundredths): processes that
/// come and go, a pid reused by another process, growing threads, hostile names, users, cgroups, sockets, findings,
/// forecasts and events, so a round trip must give back exactly what went in.
/// </summary>
internal sealed class SyntheticTicks(int seed = 1, int processes = 60, int users = 5)
{
    public static readonly DateTimeOffset Epoch = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    public static readonly string[] Hostile =
    [
        "a\\nb", "(a) b)", "naïve 名前 🧵", "\u001b[31mred", "tab\there", "quote\"'`$(x)", new string('x', 600), "", "\\x00",
    ];

    private readonly Random _rng = new(seed);
    private readonly List<ProcessSample> _procs = [];
    private readonly List<TrendEvent> _events = [];
    private int _nextPid = 100;
    private long _seq;

    public static SegmentInfo Info => new(Epoch, "host-a", "0f1e2d3c-boot", "6.8.0-test", "limittop 0.9-test");

    public RecordedTick Next()
    {
        _seq++;
        var time = Epoch.AddSeconds(_seq).AddMilliseconds(_rng.Next(0, 40));
        long ms = time.ToUnixTimeMilliseconds();
        Churn();
        var rows = _procs.Select(p => new RecordedProcess(p, Epoch.ToUnixTimeMilliseconds() - 1000)).ToArray();
        var userRows = Enumerable.Range(0, users).Select(u => User(u)).ToArray();
        var cgroups = Enumerable.Range(0, 4).Select(c => new RecordedCgroup(new CgroupUsage
        {
            Path = "/system.slice/svc" + c + (c == 3 ? "\nevil" : "") + ".service",
            Version = 1 + (c % 2),
            PidsCurrent = 10 + c + _procs.Count(p => p.Cgroup?.EndsWith(c.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) == true),
            PidsMax = c == 0 ? null : 500,
            EffectiveHeadroom = c == 0 ? null : 490 - c,
            BindingPath = c == 0 ? null : "/system.slice",
            ForkRejections = _seq / 50,
            ForkRejectionsSinceStart = _seq / 50,
            Processes = c,
        }, c == 2 ? "nginx" : "")).ToArray();
        if (_seq % 37 == 0)
        {
            _events.Add(new TrendEvent(time, TrendEvent.ForkRejected, Scope.Cgroup("/system.slice/svc1.service"), LimitKind.PidsMax, _seq, 100 + (int)_seq, Hostile[(int)_seq % Hostile.Length]));
            if (_events.Count > 5)
            {
                _events.RemoveAt(0);
            }
        }

        var findings = userRows.Select(u => new Finding
        {
            Scope = Scope.User(u.Name), Limit = LimitKind.Nproc, Used = u.ChargedTasks, Max = 4096,
            Percent = u.ChargedTasks * 100.0 / 4096, Severity = u.ChargedTasks > 3000 ? Severity.Critical : Severity.Ok,
            Message = $"{u.Name} uses {u.ChargedTasks} of 4096", CulpritPid = u.TopPid,
            RatePerMinute = u.Uid == 1000 ? 12.5 : null, ExhaustedIn = u.Uid == 1000 ? TimeSpan.FromMinutes(90 - _seq % 60) : null,
        }).OrderByDescending(f => f.Percent).ToArray();
        return new RecordedTick
        {
            Time = TickCodec.Time(ms),
            Sequence = _seq,
            System = new SystemUsage
            {
                Hostname = "host-a", Uptime = TimeSpan.FromSeconds(3600 + _seq), Tasks = _procs.Sum(p => p.Threads) + 80,
                ThreadsMax = 63_000, PidsUsed = _procs.Count + 90, PidMax = 4_194_304, PidsUsable = 4_194_004, PidsLowest = 300,
                OpenFiles = 1000 + _rng.Next(10), FileMax = 9_000_000, NrOpen = 1_048_576, OvercommitMode = 0,
                CommittedAsBytes = 1L << 30, CommitLimitBytes = 2L << 30,
                LoadAverage1 = _rng.Next(0, 400) / 100.0, LoadAverage5 = 1.25, LoadAverage15 = 0.5, Processes = _procs.Count,
                // the header's meters (format 3): none on the first sample, steady for a few ticks, MemAvailable unknown now and then
                CpuPercent = _seq == 1 ? null : (_seq / 4 * 37 % 1000) / 10.0, MemTotalBytes = 4L << 30,
                MemAvailableBytes = _seq % 11 == 0 ? null : (3L << 30) - (_seq / 3 * 40_960),
            },
            Users = userRows,
            Processes = rows,
            Cgroups = cgroups,
            Sockets = _seq % 3 == 0 ? null : Sockets(time),
            Findings = findings,
            Forecasts = [new RecordedForecast(Scope.User("u0"), LimitKind.Nproc, 12.5, TimeSpan.FromMinutes(90))],
            Events = [.. _events],
            Warnings = _seq % 10 < 3 ? ["fd counts of 3 processes: permission denied"] : [],
            SampleCpu = TimeSpan.FromTicks(12_345 + _seq),
        };
    }

    private UserUsage User(int u)
    {
        int uid = 1000 + u;
        var mine = _procs.Where(p => p.Uid == uid).ToList();
        int tasks = mine.Sum(p => p.Threads);
        return new UserUsage
        {
            Uid = uid, Name = u == 4 ? Hostile[0] : "u" + u, Tasks = tasks, Processes = mine.Count, Exempt = false,
            Nproc = new LimitRange(4096, 4096), NprocHeadroom = 4096 - tasks, SigQueued = u,
            Sigpending = u == 3 ? LimitRange.Unknown : new LimitRange(7000, null),
            WorstNofile = mine.Count > 0 ? new NofileHolder(mine[0].Pid, mine[0].Name, mine[0].Fds ?? 0, 1024) : null,
            TopPid = mine.Count > 0 ? mine.MaxBy(p => p.Threads)!.Pid : null,
            UserNamespaceTasks = u == 2 ? 7 : 0, ChargedTasks = tasks + (u == 2 ? 7 : 0),
        };
    }

    private SocketSummary Sockets(DateTimeOffset time) => new()
    {
        TakenAt = time, Source = SocketSource.Netlink,
        Tcp = TcpStateCounts.FromHistogram([0, 10, 0, 0, 0, 0, 300 + (int)(_seq % 7), 0, 1, 0, 5, 0]),
        TcpV4 = TcpStateCounts.FromHistogram([0, 8, 0, 0, 0, 0, 300, 0, 1, 0, 3, 0]), TcpV6 = null,
        UdpV4 = 3, UdpV6 = 1, DetailAge = TimeSpan.FromSeconds(_seq % 5), TimeWaitBuckets = 300, TimeWaitBucketsMax = 262_144,
        Orphans = 0, OrphansMax = 65_536, CurrEstab = 11, ListenOverflows = 2, ListenOverflowsSinceStart = 1,
        EphemeralPorts = new EphemeralPorts { Low = 32768, High = 60999, Reserved = 2, Worst = new PortTuple("127.0.0.1", "127.0.0.1", 8080, 290) },
        PerUid = [new UidSockets(1000, 12, 2), new UidSockets(0, 3, 1)],
        ProcessScanAge = TimeSpan.FromSeconds(1), UnattributedSockets = 4, Warnings = _seq % 2 == 0 ? ["netlink refused"] : [],
    };

    private void Churn()
    {
        if (_procs.Count == 0)
        {
            for (int i = 0; i < processes; i++)
            {
                _procs.Add(NewProcess(_nextPid++));
            }

            return;
        }

        for (int i = 0; i < _procs.Count; i++)
        {
            var p = _procs[i];
            if (_rng.Next(10) == 0)
            {
                _procs[i] = p with { CpuPercent = _rng.Next(0, 1000) / 10.0, RssBytes = p.RssBytes + 4096 * _rng.Next(-3, 4) };
            }
        }

        _procs[0] = _procs[0] with { Threads = _procs[0].Threads + 1 }; // the grower
        if (_seq % 5 == 0)
        {
            _procs.RemoveAt(1 + _rng.Next(_procs.Count - 1));
            _procs.Add(NewProcess(_nextPid++));
        }

        if (_seq % 23 == 0)
        {
            // pid reuse: the same pid, another start time and another program
            int at = 2 + _rng.Next(_procs.Count - 2);
            _procs[at] = NewProcess(_procs[at].Pid) with { StartTicks = _procs[at].StartTicks + 99, Name = "reborn" };
        }
    }

    private ProcessSample NewProcess(int pid)
    {
        int n = pid % Hostile.Length;
        return new ProcessSample
        {
            Pid = pid, Ppid = 1, Uid = 1000 + (pid % users), Euid = 1000 + (pid % users), User = "u" + (pid % users),
            Name = pid % 4 == 0 ? Hostile[n] : "worker", Cmdline = "/usr/bin/worker --id " + pid + (pid % 4 == 0 ? " " + Hostile[n] : ""),
            State = pid % 9 == 0 ? 'Z' : 'S', Threads = 1 + pid % 13, Fds = pid % 11 == 0 ? null : 10 + pid % 50,
            Limits = pid % 17 == 0 ? null : new ProcessLimits(new(4096, 8192), new(1024, 524_288), new(null, null)),
            SigQueued = pid % 3, Cgroup = pid % 6 == 0 ? null : "/system.slice/svc" + (pid % 4) + ".service", CgroupVersion = pid % 6 == 0 ? null : 1,
            RssBytes = 4096L * (100 + pid), CpuPercent = pid % 5 == 0 ? null : (pid % 7) / 10.0, IsKernelThread = pid % 19 == 0,
            UserNamespaceOwner = pid % 29 == 0 ? 1000 : null, NprocExempt = pid % 31 == 0 ? "CAP_SYS_RESOURCE" : null,
            StartTicks = (ulong)(pid * 1000), Sockets = pid % 8 == 0 ? null : pid % 4, SocketsPending = pid % 8 == 0,
        };
    }
}
