using LimitTop.Core.Why;

namespace LimitTop.Core.Tests.Why;

/// <summary>The explanation over a fixture tree (<see cref="WhyFixture"/>); expected numbers worked out from its files.</summary>
public sealed class ExplainerFixtureTests
{
    [Fact]
    public void Checks_in_kernel_order_with_the_binding_one_and_the_sentence()
    {
        using var tree = WhyFixture.Create();
        var outcome = LimitTop.Core.Pipeline.FreshExplainer.Explain(tree.Root, 4242);
        var e = outcome.Explanation!;
        Assert.Null(outcome.Problem);

        Assert.Equal(
        [
            (CheckKind.Nproc, "RLIMIT_NPROC", (long?)1693, (long?)1700, (long?)7, true),
            (CheckKind.ThreadsMax, "threads-max", 1900, 7718, 5818, true),
            (CheckKind.CommitMemory, "CommitLimit", 89020L * 1024, null, null, false), // overcommit_memory 0
            (CheckKind.AddressSpace, "RLIMIT_AS", 2476L * 1024, null, null, false),
            (CheckKind.MapCount, "vm.max_map_count", 3, 65530, (65530 - 3) / 2, true), // [vsyscall] is no VMA
        ], e.Checks.Where(c => c.Kind is not (CheckKind.PidNumbers or CheckKind.PidsCgroup)).Select(c => (c.Kind, c.Name, c.Used, c.Max, c.Headroom, c.Applies)));

        // Every pids cgroup from its own up: the service has no limit, its slice binds, user.slice is "max".
        Assert.Equal(
        [
            ("pids /user.slice/user-1000.slice/app.service", (long?)1693, (long?)null, false),
            ("pids /user.slice/user-1000.slice", 1693, 1700, true),
            ("pids /user.slice", 1800, null, false),
        ], e.Checks.Where(c => c.Kind == CheckKind.PidsCgroup).Select(c => (c.Name, c.Used, c.Max, c.Applies)));
        var order = e.Checks.Select(c => c.Kind).Distinct().ToList();
        Assert.Equal([CheckKind.Nproc, CheckKind.ThreadsMax, CheckKind.CommitMemory, CheckKind.AddressSpace, CheckKind.MapCount, CheckKind.PidNumbers, CheckKind.PidsCgroup], order);

        Assert.Equal(CheckKind.Nproc, e.Binding!.Kind); // a tie at 7 with the slice: the kernel checks nproc first
        Assert.False(e.NextForkFails);
        Assert.Null(e.NprocExempt);
        Assert.Equal("pid 4242 (myapp, user bob) can start 7 more tasks: its own nproc soft limit 1,700 binds at 1,693 of 1,700; next, the pids cgroup of user bob's logins (TasksMax): 7 left", e.Sentence);
        Assert.Equal([new ThreadGroup(".NET TP Worker", 2), new ThreadGroup("myapp", 1)], e.ThreadNames);
    }

    [Fact]
    public void Where_the_limits_came_from()
    {
        using var tree = WhyFixture.Create();
        var e = LimitTop.Core.Pipeline.FreshExplainer.Explain(tree.Root, 4242).Explanation!;
        string conf = tree.File("etc/security/limits.conf");

        var nproc = e.Origins.Single(o => o.Limit == "nproc");
        Assert.Equal(((long?)1700, conf, (int?)1, (long?)20000), (nproc.Current, nproc.File, nproc.Line, nproc.NewLogin));
        Assert.Equal($"raised in {conf}:1, but this process started with 1,700; new logins get 20,000; press L to raise this one now", nproc.Source);
        Assert.Contains(nproc.Source, e.Notes);
        Assert.Equal([$"{conf}:2: invalid line - skipped"], e.ConfigIssues);

        // pid 1 of the fixture has nproc 96365, nofile 1048576: 4242's differ
        Assert.StartsWith("changed: nproc, nofile, sigpending differ from its parent pid 1's", e.Inheritance);

        Assert.Equal(new UnitInfo("app.service", "service", "TasksMax=512", tree.File("etc/systemd/system/app.service"),
            "DefaultLimitNPROC=4096", tree.File("etc/systemd/system.conf")), e.Unit);
    }

    [Theory]
    [InlineData(5001, "pid 5001 does not exist (it has exited)")] // listed, but its status is gone
    [InlineData(9999, "pid 9999 does not exist (it has exited)")]
    [InlineData(2, "pid 2 (kthreadd) is a kernel thread: kthreadd creates kernel threads, and no user-space limit applies to them")]
    [InlineData(4301, "pid 4301 (defunct) is a zombie: it has exited and creates no task; it still holds 1 task charged to uid 1000 until its parent, pid 4300, reaps it")]
    [InlineData(0, "'0' is not a process id")]
    public void No_explanation_is_a_sentence(int pid, string problem)
    {
        using var tree = WhyFixture.Create();
        var outcome = LimitTop.Core.Pipeline.FreshExplainer.Explain(tree.Root, pid);
        Assert.Null(outcome.Explanation);
        Assert.Equal(problem, outcome.Problem);
    }

    [Fact]
    public void An_exempt_process_is_not_bound_by_nproc()
    {
        using var tree = WhyFixture.Create();
        string status = tree.File("proc/4242/status");
        File.WriteAllText(status, File.ReadAllText(status).Replace("CapEff:\t0000000000000000", "CapEff:\t0000000001000000", StringComparison.Ordinal));
        var e = LimitTop.Core.Pipeline.FreshExplainer.Explain(tree.Root, 4242).Explanation!;
        Assert.Equal("CAP_SYS_RESOURCE", e.NprocExempt);
        Assert.False(e.Checks[0].Applies);
        Assert.Equal("pids /user.slice/user-1000.slice", e.Binding!.Name);
        Assert.EndsWith("; exempt from RLIMIT_NPROC (CAP_SYS_RESOURCE)", e.Sentence);
    }

    [Fact]
    public void Json_document_is_schema_why_1()
    {
        using var tree = WhyFixture.Create();
        var e = LimitTop.Core.Pipeline.FreshExplainer.Explain(tree.Root, 4242).Explanation!;
        using var doc = System.Text.Json.JsonDocument.Parse(WhyDocument.Serialize(e));
        var r = doc.RootElement;
        Assert.Equal("limittop.why/1", r.GetProperty("schema").GetString());
        Assert.Equal(("nproc", 7), (r.GetProperty("binding").GetProperty("kind").GetString(), r.GetProperty("binding").GetProperty("headroom").GetInt32()));
        Assert.False(r.GetProperty("nextForkFails").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("nprocExempt").ValueKind);
        Assert.Equal(".NET TP Worker", r.GetProperty("threadNames")[0].GetProperty("name").GetString());
        Assert.Equal(9, r.GetProperty("checks").GetArrayLength());
    }
}
