using Xunit.Abstractions;

namespace LimitTop.Tests.Survival;

/// <summary>
/// Issue 25 item 14: with zero free tasks the runtime cannot make its first thread and limittop never reaches Main;
/// it used to end with status 255 and nothing said. Hosting/startup_guard.c (linked into the NativeAOT binary) says
/// it in one line on stderr. A uid of its own under <c>prlimit --nproc=1</c> is that state exactly: the process is
/// the uid's one task, so the finalizer thread is refused; with <c>--nproc=2</c> it starts and the line is not said.
/// </summary>
[Collection("survival")]
public sealed class NoFreeTaskTests(AotBuild build, ITestOutputHelper output)
{
    private const string Line = "limittop: cannot start: the kernel refused the runtime's first thread (no free task: RLIMIT_NPROC, "
        + "kernel.threads-max or a pids cgroup is spent); limittop needs one free task, so start it before the limit is reached\n";

    private Sh.Result RunAs(int uid, int nproc, params string[] args)
    {
        Need.Root();
        Need.Tool("setpriv");
        Need.Tool("prlimit");
        var r = Sh.Run("setpriv", [$"--reuid={uid}", $"--regid={uid}", "--clear-groups", "prlimit", $"--nproc={nproc}", build.Limittop, .. args], TimeSpan.FromSeconds(60));
        output.WriteLine($"uid {uid}, nproc {nproc}, limittop {string.Join(' ', args)}: exit {r.ExitCode}; stderr: {r.Stderr}");
        return r;
    }

    [SkippableFact]
    public void With_no_free_task_it_says_so_in_one_line_and_exits_255()
    {
        foreach (var args in new[] { Array.Empty<string>(), ["--once"], ["--headless"] })
        {
            var r = RunAs(62121, 1, args);
            Assert.Equal(255, r.ExitCode);
            Assert.Equal(Line, r.Stderr);
            Assert.Equal("", r.Stdout);
        }
    }

    [SkippableFact]
    public void With_one_free_task_the_line_is_not_said()
    {
        var r = RunAs(62122, 2, "--once");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        Assert.StartsWith("limittop — ", r.Stdout, StringComparison.Ordinal);

        var help = RunAs(62122, 2, "--bogus"); // a mistake on the command line: its own line only
        Assert.Equal(2, help.ExitCode);
        Assert.DoesNotContain("refused the runtime", help.Stderr, StringComparison.Ordinal);
    }
}
