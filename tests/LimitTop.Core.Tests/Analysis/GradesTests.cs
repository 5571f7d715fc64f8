using LimitTop.Core.Analysis;
using LimitTop.Core.Model;

namespace LimitTop.Core.Tests.Analysis;

public sealed class GradesTests
{
    private static UserUsage User(int uid, string name, int tasks, long? nproc, bool exempt = false, NofileHolder? nofile = null) => new()
    {
        Uid = uid,
        Name = name,
        Tasks = tasks,
        Processes = 1,
        Exempt = exempt,
        Nproc = new LimitRange(nproc, nproc),
        Sigpending = new LimitRange(100, 100),
        SigQueued = 0,
        WorstNofile = nofile,
    };

    private static ProcessSample Proc(int pid, int uid, int? fds, long? nofileSoft) => new()
    {
        Pid = pid,
        Ppid = 1,
        Uid = uid,
        Euid = uid,
        User = "u" + uid,
        Name = "p" + pid,
        Cmdline = "p" + pid,
        State = 'S',
        Threads = 1,
        Fds = fds,
        Limits = new ProcessLimits(new LimitPair(4096, 4096), new LimitPair(nofileSoft, nofileSoft), new LimitPair(100, 100)),
    };

    private static Snapshot Snap(IReadOnlyList<UserUsage> users, IReadOnlyList<ProcessSample> procs, SocketSummary? sockets = null) => new()
    {
        TakenAt = DateTimeOffset.UnixEpoch,
        Sequence = 1,
        System = new SystemUsage { Hostname = "h", Uptime = TimeSpan.FromHours(1), Tasks = 1, ThreadsMax = 100, PidsUsed = 1, PidMax = 100, OpenFiles = 1, FileMax = 100 },
        Users = users,
        Processes = procs,
        Cgroups = [],
        Diagnosis = [],
        Sockets = sockets,
    };

    [Fact]
    public void Users_rank_by_their_worst_percent_and_carry_their_nproc_severity()
    {
        var s = Snap(
            [
                User(0, "root", 5000, 10, exempt: true),
                User(1000, "alice", 950, 1000),
                User(1001, "bob", 30, 4096, nofile: new NofileHolder(7, "db", 800, 1000)),
                User(1002, "carol", 3, null),
            ],
            []);
        var g = s.Grades;
        // root and carol tie at 0 % (no queued signals; root is exempt from nproc, carol's limit is unknown): more tasks first
        Assert.Equal(["alice", "bob", "root", "carol"], g.RankedUsers.Select(u => u.User.Name));
        Assert.Equal([1, 2, 3, 4], g.RankedUsers.Select(u => u.Rank));
        Assert.Equal(95, g.RankedUsers[0].WorstPercent, 6);
        Assert.Equal(Severity.Critical, g.NprocOf(1000));
        Assert.Equal(Severity.Ok, g.NprocOf(1001)); // its nofile is at 80 %, its nproc is not
        Assert.Equal(Severity.Warning, g.User(1001)!.Worst);
        Assert.Equal(Severity.Ok, g.NprocOf(0)); // root is exempt, however many tasks
        Assert.Equal(0, g.User(1002)!.WorstPercent);
        Assert.Equal(-1, Grades.UserWorstPercent(User(5, "nobody", 1, null) with { SigQueued = null }));
        Assert.Same(g, s.Grades); // graded once per snapshot
    }

    [Fact]
    public void Process_nofile_percent_and_time_wait_severity_are_looked_up()
    {
        var p = Proc(10, 1000, 900, 1000);
        var unknown = Proc(11, 1000, null, 1000);
        var sockets = new SocketSummary
        {
            TakenAt = DateTimeOffset.UnixEpoch,
            Source = SocketSource.Netlink,
            Tcp = new TcpStateCounts { TimeWait = 3700 },
            TcpV4 = new TcpStateCounts { TimeWait = 3700 },
            TcpV6 = TcpStateCounts.Empty,
            DetailAge = TimeSpan.Zero,
            PerUid = [],
            TimeWaitBucketsMax = 4096,
        };
        var s = Snap([], [p, unknown], sockets);
        Assert.Equal(90, s.Grades.NofilePercent(p));
        Assert.Equal(Severity.Critical, s.Grades.NofileSeverity(p));
        Assert.Null(s.Grades.NofilePercent(unknown));
        Assert.Equal(Severity.Critical, s.Grades.TimeWait); // 3,700 of 4,096 buckets
        Assert.Equal(Severity.Ok, Snap([], []).Grades.TimeWait);

        var copy = s with { Processes = [p with { Fds = 100 }] };
        Assert.Equal(10, copy.Grades.NofilePercent(copy.Processes[0])); // a copy with other processes is graded again
    }
}
