using System.Diagnostics;
using Xunit.Abstractions;

namespace LimitTop.Tests.Survival;

/// <summary>
/// Issue 11: <c>exec limittop</c> in the last shell of a user whose RLIMIT_NPROC is all but K tasks spent. With
/// K = 1, 2, 4 the Terminal.Gui dashboard cannot have its threads and the single-thread mode runs; K = 8 is
/// enough for the threaded dashboard. Either way it comes up, refreshes every second, finds the hog with '/',
/// kills it with 'k' + Enter, and never shows an exception. K = 0 cannot start at all: exit 255 with one line
/// (Hosting/startup_guard.c; NoFreeTaskTests checks the line under prlimit alone).
/// </summary>
[Collection("survival")]
public sealed class LastShellTests(AotBuild build, ITestOutputHelper output)
{
    /// <summary>Refreshes each K is watched for: the issue's 30 s at one a second, for every K (two minutes for the four).</summary>
    private const int WatchSeconds = 30;

    [SkippableTheory]
    [InlineData(1, 62110)]
    [InlineData(2, 62111)]
    [InlineData(4, 62112)]
    [InlineData(8, 62113)]
    public void Exec_limittop_in_the_last_shell_comes_up_refreshes_finds_and_kills_the_hog(int free, int uid)
    {
        using var s = LastShell.Start(uid, free, build);
        var t = s.Tmux;
        var sw = Stopwatch.StartNew();
        s.ExecLimittop(build);
        string first = t.WaitFor("PROCESSES", 15);
        double upSeconds = sw.Elapsed.TotalSeconds;
        int pid = s.PanePid;
        string bar = Screen.StatusBar(first);
        bool single = bar.Contains("single-thread mode", StringComparison.Ordinal);
        int threads = (int)Sh.Status(pid, "Threads")!.Value;
        output.WriteLine($"K={free} limit {s.Limit}: up in {upSeconds:F1} s, {threads} threads, status: {bar.Trim()}");
        if (free < 8)
        {
            Assert.True(single, "single-thread mode expected with K=" + free + "; status bar: " + bar);
            Assert.Matches($@"single-thread mode: the kernel refused a thread \(RLIMIT_NPROC of uid {uid}: \d+ of {s.Limit}\)", bar);
            Assert.Equal(2, threads); // main and the runtime's finalizer
        }

        // the clock moves every refresh: watched until it has moved WatchSeconds - 2 times (a busy machine's ticks
        // come late, never a failure); four times as long bounds a dashboard that stopped
        var clocks = new List<string>();
        int watchSeconds = WatchSeconds;
        var watch = Stopwatch.StartNew();
        int captures = 0;
        while (clocks.Count < watchSeconds - 2 && watch.Elapsed.TotalSeconds < 4 * watchSeconds)
        {
            string screen = t.Capture();
            captures++;
            LastShell.AssertNoStackTrace(screen);
            Assert.True(Sh.Alive(pid), "limittop died");
            if (clocks.Count == 0 || clocks[^1] != Screen.Clock(screen))
            {
                clocks.Add(Screen.Clock(screen));
            }

            Thread.Sleep(250); // paces the captures
        }

        output.WriteLine($"  {clocks.Count} distinct clocks in {watch.Elapsed.TotalSeconds:F0} s ({captures} captures): {string.Join(' ', clocks)}");
        Assert.True(clocks.Count >= watchSeconds - 2, $"the clock moved {clocks.Count} times ({watchSeconds - 2} wanted) before the hang bound");

        t.Keys("/");
        t.Type(s.HogName);
        t.Keys("Enter");
        t.WaitFor("search \"" + s.HogName + "\"");
        t.Keys("k");
        string dialog = t.WaitFor("Send a signal", 5);
        Assert.Contains("pid " + Sh.Inv(s.Hog!.Pid), dialog, StringComparison.Ordinal);
        t.Keys("Enter");
        Assert.True(s.Hog.WaitForExit(30), "the hog died from limittop's kill");
        string after = t.WaitTicks(2, "two refreshes after the kill");
        LastShell.AssertNoStackTrace(after);
        Assert.True(Sh.Alive(pid));
        Assert.Equal(threads, (int)Sh.Status(pid, "Threads")!.Value); // no thread came or went

        t.Keys("q");
        Eventually.Within(() => s.DeadStatus() is not null, pollMs: 100);

        Assert.True(s.DeadStatus() == 0, $"q: exit {s.DeadStatus()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing (still running)"}; /proc/{s.PanePid}: {LastShell.Describe(s.PanePid)}; pane:\n{t.Capture()}");
        LastShell.AssertNoStackTrace(t.Capture());
    }

    [SkippableFact]
    public void With_one_free_task_once_prints_its_snapshot()
    {
        // --once writes with write(2): System.Console's first use would start a thread (issue 11's table: it died here)
        using var s = LastShell.Start(62115, 1, build);
        s.ExecLimittop(build, "--once");
        Eventually.Within(() => s.DeadStatus() is not null, pollMs: 100);

        string screen = s.Tmux.Cmd("capture-pane", "-p", "-S", "-", "-t", s.Tmux.Name); // with the history: the text is longer than the pane
        output.WriteLine($"K=1 --once: exit {s.DeadStatus()}");
        Assert.True(s.DeadStatus() == 0, $"--once with one free task exited with {s.DeadStatus()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing (still running)"}; /proc/{s.PanePid}: {LastShell.Describe(s.PanePid)}; pane:\n{screen}");
        Assert.Contains("limittop — ", screen, StringComparison.Ordinal);
        LastShell.AssertNoStackTrace(screen);
    }

    [SkippableFact]
    public void With_no_free_task_the_runtime_cannot_start_says_so_and_exits_255()
    {
        using var s = LastShell.Start(62114, 0, build);
        s.ExecLimittop(build);
        Eventually.Within(() => s.DeadStatus() is not null, pollMs: 100);

        string screen = s.Tmux.Capture();
        output.WriteLine($"K=0 limit {s.Limit}: exit {s.DeadStatus()}; pane:\n{screen.TrimEnd()}");
        Assert.Equal(255, s.DeadStatus());
        Assert.Contains("limittop: cannot start: the kernel refused the runtime's first thread", screen, StringComparison.Ordinal);
        LastShell.AssertNoStackTrace(screen);
    }
}
