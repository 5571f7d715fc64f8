using System.Text.Json;
using LimitTop.Tests.Survival;

namespace LimitTop.Tests;

/// <summary>
/// <c>limittop --why PID [--json]</c> as a user runs it, on the captured fixture tree (--proc/--sys/--etc) of the
/// Core tests: pid 4242 is myapp of bob with 1,693 of 1,700 tasks of its nproc soft limit spent.
/// </summary>
public sealed class WhyCliTests : IDisposable
{
    private readonly FixtureTree _fixture = FixtureTree.Copy("proc-basic");
    private readonly string _tree;

    public WhyCliTests()
    {
        _tree = _fixture.Dir;
        // The captured template ran as root with every capability; 4242 gets none, like the ordinary process it stands for.
        _fixture.DropCapabilities(4242);
        Directory.CreateDirectory(Path.Combine(_tree, "etc", "security"));
        File.WriteAllText(Path.Combine(_tree, "etc", "group"), "bob:x:1000:\n");
        File.WriteAllText(Path.Combine(_tree, "etc", "security", "limits.conf"), "@bob hard nproc 5000\n* soft nproc 20000 \n");
    }

    private Sh.Result Why(params string[] args)
    {
        var cmd = Tmux.LimittopCommand.Split(' ', 2);
        return Sh.Run(cmd[0], [cmd[1], "--proc", _tree + "/proc", "--sys", _tree + "/sys", "--etc", _tree + "/etc", .. args]);
    }

    [Fact]
    public void Text_names_the_binding_limit_and_where_it_came_from()
    {
        var r = Why("--why", "4242");
        Sh.Check(r, "--why 4242");
        string[] lines = r.Stdout.Split('\n');
        Assert.StartsWith("pid 4242 (myapp, user bob) can start 7 more tasks: its own nproc soft limit 1,700 binds at 1,693 of 1,700", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("  binds RLIMIT_NPROC", StringComparison.Ordinal) && l.Contains("1,693 / 1,700", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"raised in {_tree}/etc/security/limits.conf:2, but this process started with 1,700; new logins get 20,000", StringComparison.Ordinal));
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void Json_is_schema_why_1()
    {
        var r = Why("--why", "4242", "--json");
        Sh.Check(r, "--why 4242 --json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("limittop.why/1", root.GetProperty("schema").GetString());
        var b = root.GetProperty("binding");
        Assert.Equal(("nproc", 1693, 1700, 7, true), (b.GetProperty("kind").GetString(), b.GetProperty("used").GetInt32(),
            b.GetProperty("max").GetInt32(), b.GetProperty("headroom").GetInt32(), b.GetProperty("applies").GetBoolean()));
        var nproc = root.GetProperty("origins")[0];
        Assert.Equal(("nproc", 2, 20000), (nproc.GetProperty("limit").GetString(), nproc.GetProperty("line").GetInt32(), nproc.GetProperty("newLogin").GetInt32()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("nprocExempt").ValueKind);
    }

    [Theory]
    [InlineData("5001", "limittop: pid 5001 does not exist (it has exited)")]
    [InlineData("2", "limittop: pid 2 (kthreadd) is a kernel thread")]
    [InlineData("4301", "limittop: pid 4301 (defunct) is a zombie")]
    public void No_explanation_exits_1_with_a_sentence(string pid, string stderr)
    {
        var r = Why("--why", pid);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith(stderr, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr); // no stack trace
        Assert.Empty(r.Stdout);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("\u001b[2J")]
    public void A_pid_that_is_no_number_exits_2_in_words(string pid)
    {
        var r = Why("--why", pid);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("limittop: --why needs a process id (a positive number), not '", r.Stderr);
        Assert.DoesNotContain("\u001b", r.Stderr);
        Assert.DoesNotContain("System.", r.Stderr);
    }

    [Fact]
    public void Once_json_gains_nproc_exempt()
    {
        var r = Why("--once", "--json");
        Sh.Check(r, "--once --json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var byPid = doc.RootElement.GetProperty("processes").EnumerateArray().ToDictionary(p => p.GetProperty("pid").GetInt32());
        Assert.Equal("uid 0", byPid[1].GetProperty("nprocExempt").GetString());
        Assert.Equal("uid 0", byPid[2].GetProperty("nprocExempt").GetString()); // kernel threads run as uid 0
        Assert.Equal(JsonValueKind.Null, byPid[4242].GetProperty("nprocExempt").ValueKind);
        Assert.Equal("CAP_SYS_ADMIN", byPid[4300].GetProperty("nprocExempt").GetString()); // bob's, with the template's CapEff
    }

    public void Dispose() => _fixture.Dispose();
}
