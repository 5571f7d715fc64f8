using System.Globalization;
using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Core.Recording;
using LimitTop.Core.Sampling;
using LimitTop.Core.Trends;

namespace LimitTop.Benchmarks;

/// <summary>
/// Ticks of a field-load host for the journal budget: 2,000 processes of 200 users in 50 pids cgroups, ten of them
/// holding 1,632 threads each (the field report), realistic command lines. Per 1-s tick: 3 % of processes change
/// CPU% (to 0.1), 1 % RSS, 1 % fds, the grower gains a thread, a short-lived command starts every 2 s and one ends,
/// TIME_WAIT moves; users, cgroups and the diagnosis (DiagnosisBuilder, with its messages) follow; an event every
/// 10 minutes. Deterministic (seeded).
/// </summary>
internal sealed class FieldTicks
{
    public const int Processes = 2000, Users = 200, Cgroups = 50;

    private static readonly string[] Programs =
    [
        "/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf", "/usr/bin/java -Xmx2g -jar /opt/app/service.jar --spring.profiles.active=prod",
        "/usr/sbin/nginx -g daemon on; master_process on;", "/usr/lib/postgresql/16/bin/postgres -D /var/lib/postgresql/16/main", "/usr/bin/python3 /opt/worker/run.py --queue default",
        "/usr/sbin/sshd -D", "/lib/systemd/systemd --user", "/usr/bin/node /srv/app/server.js", "/usr/bin/redis-server 127.0.0.1:6379", "-bash",
    ];

    private readonly Random _rng = new(42);
    private readonly List<ProcessSample> _procs = new(Processes + 10);
    private readonly DateTimeOffset _start;
    private int _nextPid = 5000;
    private long _seq;
    private long _tw = 2000;
    private TrendEvent[] _events = [];

    public FieldTicks(DateTimeOffset start)
    {
        _start = start;
        for (int i = 0; i < Processes; i++)
        {
            _procs.Add(New(i < 10 ? 1632 : 1 + _rng.Next(40)));
        }
    }

    public RecordedTick Next()
    {
        _seq++;
        var time = _start.AddSeconds(_seq).AddMilliseconds(_rng.Next(0, 20));
        for (int n = 0; n < Processes * 3 / 100; n++)
        {
            int i = _rng.Next(_procs.Count);
            _procs[i] = _procs[i] with { CpuPercent = _rng.Next(0, 300) / 10.0 };
        }

        for (int n = 0; n < Processes / 100; n++)
        {
            int i = _rng.Next(_procs.Count);
            _procs[i] = _procs[i] with { RssBytes = _procs[i].RssBytes + 4096 * _rng.Next(-50, 60) };
            int j = _rng.Next(_procs.Count);
            _procs[j] = _procs[j] with { Fds = (_procs[j].Fds ?? 10) + _rng.Next(-2, 3) };
        }

        _procs[0] = _procs[0] with { Threads = 1632 + (int)(_seq % 3000) };
        if (_seq % 2 == 0)
        {
            _procs.RemoveAt(10 + _rng.Next(_procs.Count - 10));
            _procs.Add(New(1));
        }

        _tw = Math.Max(0, _tw + _rng.Next(-30, 31));
        var procs = _procs.OrderBy(p => p.Pid).ToArray();
        var users = UserAggregator.Aggregate(procs, uid => "user" + uid.ToString(CultureInfo.InvariantCulture));
        var cgroups = Enumerable.Range(0, Cgroups).Select(c => new CgroupUsage
        {
            Path = "/system.slice/app" + c.ToString(CultureInfo.InvariantCulture) + ".service", Version = 1,
            PidsCurrent = procs.Where(p => p.Pid % Cgroups == c).Sum(p => p.Threads), PidsMax = 20_000, Processes = procs.Count(p => p.Pid % Cgroups == c),
        }).ToArray();
        var system = new SystemUsage
        {
            Hostname = "web-07", Uptime = TimeSpan.FromDays(12) + TimeSpan.FromSeconds(_seq), Tasks = procs.Sum(p => p.Threads), ThreadsMax = 63_476,
            PidsUsed = procs.Sum(p => p.Threads) + 3, PidMax = 4_194_304, PidsUsable = 4_194_004, PidsLowest = 300, OpenFiles = 30_000 + _rng.Next(100),
            FileMax = 9_223_372, NrOpen = 1_048_576, LoadAverage1 = _rng.Next(100, 400) / 100.0, LoadAverage5 = 2.5, LoadAverage15 = 2.1, Processes = procs.Length,
        };
        if (_seq % 600 == 0)
        {
            _events = [.. _events.TakeLast(199), new TrendEvent(time, TrendEvent.ForkRejected, Scope.Cgroup("/system.slice/app3.service"), LimitKind.PidsMax, 3, procs[0].Pid, procs[0].Name)];
        }

        return new RecordedTick
        {
            Time = time, Sequence = _seq, System = system, Users = users,
            Processes = [.. procs.Select(p => new RecordedProcess(p, _start.ToUnixTimeMilliseconds()))],
            Cgroups = [.. cgroups.Select(c => new RecordedCgroup(c, ""))],
            Sockets = new SocketSummary
            {
                TakenAt = time, Source = SocketSource.Netlink, Tcp = TcpStateCounts.FromHistogram([0, 400, 0, 0, 0, 3, (int)_tw, 0, 2, 0, 12, 0]),
                TcpV4 = null, TcpV6 = null, TimeWaitBuckets = _tw, TimeWaitBucketsMax = 262_144, DetailAge = TimeSpan.FromSeconds(_seq % 10),
            },
            Findings = DiagnosisBuilder.Build(system, users, cgroups, procs),
            Events = _events,
            SampleCpu = TimeSpan.FromMilliseconds(8),
        };
    }

    private ProcessSample New(int threads)
    {
        int pid = _nextPid++;
        int uid = 1000 + _rng.Next(Users);
        string cmd = Programs[_rng.Next(Programs.Length)];
        return new ProcessSample
        {
            Pid = pid, Ppid = 1, Uid = uid, Euid = uid, User = "user" + uid.ToString(CultureInfo.InvariantCulture),
            Name = Path.GetFileName(cmd.Split(' ')[0]), Cmdline = cmd + (threads == 1 ? " --job " + pid.ToString(CultureInfo.InvariantCulture) : ""),
            State = 'S', Threads = threads, Fds = 10 + _rng.Next(200), SigQueued = 0,
            Limits = new ProcessLimits(new(63_476, 63_476), new(1024, 524_288), new(63_476, 63_476)),
            Cgroup = "/system.slice/app" + (pid % Cgroups).ToString(CultureInfo.InvariantCulture) + ".service", CgroupVersion = 1,
            RssBytes = 4096L * _rng.Next(1000, 100_000), CpuPercent = 0, StartTicks = (ulong)pid * 7, Sockets = _rng.Next(20),
        };
    }
}
