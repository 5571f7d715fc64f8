using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Tests.Analysis;

/// <summary>
/// The diagnosis leads with what the refusal witness saw (issue 26): the sentence names the count, the program
/// with its copies and user, and the limit with its figure; the limit doing the refusing ranks before every other
/// finding, forecasts and exhausted limits included.
/// </summary>
public sealed class RefusalHeadlineTests
{
    private static readonly WitnessStatus Up = new(true, "up", "refused task creations witnessed by the kernel");

    /// <summary>Ten copies of myapp as bob (uid 1001, RLIMIT_NPROC 3,859) refused 3,412 times in all; a cgroup at 96 % beside them.</summary>
    internal static Snapshot Refusing(long perCopy = 341, long extra = 2)
    {
        var procs = Enumerable.Range(0, 10).Select(i => Snapshots.Proc(4000 + i, 300, user: "bob", uid: 1001, name: "myapp", cmd: "/opt/myapp", nprocSoft: 3859))
            .Append(Snapshots.Proc(5000, 10, name: "web", cmd: "/usr/bin/web")).ToList();
        var cgroup = new CgroupUsage { Path = "/web", Version = 1, PidsCurrent = 96, PidsMax = 100 };
        var s = Snapshots.Make(procs, cgroups: [cgroup]);
        var at = s.TakenAt;
        var rows = Enumerable.Range(0, 10).Select(i => new ProcessRefusals(4000 + i, "myapp", 1001, perCopy + (i == 0 ? extra : 0), RefusalLimits.Nproc, 11, at)).ToList();
        long total = rows.Sum(r => r.LastMinute);
        var recent = rows.Select(r => new RefusalEvent(at.AddSeconds(-2), r.Pid, r.Name, r.Uid, 11, RefusalLimits.Nproc, null, r.LastMinute)).ToList();
        var summary = new RefusalSummary(Up, Up, total, 0, total, [new LimitCount(RefusalLimits.Nproc, total)],
            [new LimitUserCount(RefusalLimits.Nproc, 1001, total)], [new LimitCgroupCount(RefusalLimits.Nproc, "/", total)], rows, recent, []);
        return s with { Refusals = summary, Diagnosis = [] };
    }

    [Fact]
    public void The_sentence_names_count_program_copies_user_and_limit()
    {
        var s = Refusing();
        Assert.Equal("3,412 task creations refused in the last minute — myapp ×10 (user bob), RLIMIT_NPROC 3,859", RefusalHeadline.Of(s));
    }

    [Fact]
    public void One_process_is_named_by_its_pid_and_a_limit_without_a_row_by_its_errno()
    {
        var s = Refusing();
        var one = s.Refusals! with
        {
            LastMinute = 12,
            Processes = [new ProcessRefusals(4242, "ltrefuse", 1001, 12, RefusalLimits.Seccomp, 1, s.TakenAt)],
        };
        Assert.Equal("12 task creations refused in the last minute — ltrefuse pid 4242 (user bob), seccomp (EPERM)", RefusalHeadline.Of(s with { Refusals = one }));
    }

    [Fact]
    public void Nothing_refused_or_no_witness_gives_no_sentence()
    {
        var s = Refusing();
        Assert.Null(RefusalHeadline.Of(s with { Refusals = null }));
        Assert.Null(RefusalHeadline.Of(s with { Refusals = s.Refusals! with { LastMinute = 0, Processes = [] } }));
    }

    [Fact]
    public void The_refusing_user_ranks_first_even_before_a_cgroup_at_a_higher_percent_and_a_forecast()
    {
        var diagnosed = DiagnosisBuilder.Diagnose(Refusing());
        var first = diagnosed.Diagnosis[0];
        Assert.Equal(("user:bob", "nproc", 3412L), (first.Scope.Key, first.Limit.Name(), first.RefusedLastMinute));

        // the trend tracker re-ranks with forecasts: a cgroup full in a minute still comes after the refusing scope
        var forecast = diagnosed.Diagnosis.Select(f => f.Scope.Key == "cgroup:/web" ? f with { ExhaustedIn = TimeSpan.FromMinutes(1), RatePerMinute = 4 } : f).ToList();
        Assert.Equal("user:bob", ForecastWords.Rank(forecast)[0].Scope.Key);
        Assert.Equal("cgroup:/web", ForecastWords.Rank(forecast)[1].Scope.Key);
    }

    [Fact]
    public void Without_refusals_the_ranking_is_unchanged()
    {
        var s = Refusing() with { Refusals = null };
        var plain = DiagnosisBuilder.Diagnose(s).Diagnosis;
        Assert.Equal("cgroup:/web", plain[0].Scope.Key); // 96 % leads
        Assert.All(plain, f => Assert.Equal(0, f.RefusedLastMinute));
    }
}
