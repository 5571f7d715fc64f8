using System.Diagnostics;
using Xunit.Abstractions;

namespace LimitTop.Tests.Survival;

/// <summary>
/// Scenarios 1 and 3 of issue 6: the published AOT limittop, as a non-root uid whose RLIMIT_NPROC is spent by a
/// hog of the same uid, keeps refreshing, answers keys, shows the culprit, kills it, and survives the moments
/// that would want a new thread (help, kill dialog, dump, resize).
/// </summary>
[Collection("survival")]
public sealed class ExhaustionTests(AotBuild build, ITestOutputHelper output)
{
    // High enough that the hog (Limit - 9 threads) tops any other process on a shared machine.
    private const int Limit = 256;

    [SkippableFact]
    public void Nproc_exhausted_it_keeps_refreshing_answers_keys_shows_and_kills_the_hog()
    {
        using var s = ExhaustedSession.Start(build, uid: 62000, Limit);
        s.Exhaust(build);

        var w = Watch.Exhausted(s.Tmux, s.LimittopPid, 25, s.Hog!.Pid, Sh.Inv(s.Uid));
        output.WriteLine($"nproc {Limit}: limittop {s.LimittopThreads} threads, hog {s.HogThreads}; 25 refreshes: {w}");
        Assert.True(w.DistinctClocks >= 25, $"the clock moved {w.DistinctClocks} times (25 wanted) before the hang bound");
        Assert.True(w.HogOnTop >= w.Captures - 2, $"hog on top in {w.HogOnTop} of {w.Captures} captures");
        Assert.True(w.BarFull >= w.Captures - 2, $"nproc bar at 100 % in {w.BarFull} of {w.Captures} captures");
        Assert.True(Sh.Status(s.LimittopPid, "Threads") == s.LimittopThreads, "no thread came or went");
        s.AssertForkFails(); // still exhausted at the end
        Screen.AssertTopFinding(s.Tmux.Capture(), $@"user {s.Uid}: {Limit} of {Limit} tasks \(100%\).* {s.HogName} pid {s.Hog.Pid} holds");

        // '/' + name + Enter selects the hog, 'k' + Enter signals it
        s.Tmux.Keys("/");
        s.Tmux.Type(s.HogName);
        s.Tmux.Keys("Enter");
        s.Tmux.WaitFor("search \"" + s.HogName + "\"");
        s.Tmux.Keys("k");
        string dialog = s.Tmux.WaitFor("Send a signal", 5);
        Assert.Contains("pid " + Sh.Inv(s.Hog.Pid), dialog, StringComparison.Ordinal);
        s.Tmux.Keys("Enter");
        Assert.True(s.Hog.WaitForExit(30), "the hog died from limittop's kill");
        s.Tmux.WaitFor(x => Screen.NprocBar(x, Sh.Inv(s.Uid)) is { } b && b.Tasks < Limit / 2, TimeSpan.FromSeconds(5), "the user's bar to drop");
        Assert.True(Sh.Alive(s.LimittopPid));
    }

    [SkippableFact]
    public void Nproc_exhausted_help_kill_dialog_dump_and_resize_do_not_crash()
    {
        using var s = ExhaustedSession.Start(build, uid: 62001, Limit);
        s.Exhaust(build);
        var t = s.Tmux;

        t.Keys("F1");
        t.WaitFor("HELP", 5);
        t.Keys("Escape");
        t.WaitFor("PROCESSES", 5);
        t.Keys("Down", "k");
        t.WaitFor("Send a signal", 5);
        t.Keys("Escape");
        t.Keys("L");
        t.WaitTicks(1, "the limit dialog up for a refresh");
        t.Keys("Escape");
        t.Keys("d");
        // the dump may be refused (no thread, no fd to spare): a dump file or a status message, whichever comes
        Eventually.Within(() => (Directory.Exists(s.DumpDir) && Directory.EnumerateFiles(s.DumpDir, "*", SearchOption.AllDirectories).Any())
            || Screen.StatusBar(t.Capture()).Contains("dump", StringComparison.OrdinalIgnoreCase));

        string afterDump = t.Capture();
        output.WriteLine("after d: " + Screen.StatusBar(afterDump));
        t.Resize(80, 24);
        t.WaitFor(x => x.Split('\n')[0].TrimEnd().Length <= 80 && x.Contains("PID", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "redraw at 80x24");
        t.Resize(40, 12);
        t.WaitFor(x => x.Contains("PID", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "redraw at 40x12");
        t.Resize(160, 50);
        t.WaitFor("USERS", 5);
        t.Keys("F6", "Down", "Escape", "u", "Escape", "C-l", "Space", "Space", "F1", "F1", "\\");
        t.Type(s.HogName);
        t.Keys("Enter", "Escape");
        t.Resize(120, 40);

        var w = Watch.Exhausted(t, s.LimittopPid, 8, null, Sh.Inv(s.Uid));
        output.WriteLine($"after help/kill dialog/dump/resize under nproc {Limit}: {w}; dumps written: {(Directory.Exists(s.DumpDir) ? Directory.EnumerateFiles(s.DumpDir, "*", SearchOption.AllDirectories).Count() : 0)}");
        Assert.True(w.DistinctClocks >= 8, $"the clock moved {w.DistinctClocks} times (8 wanted) before the hang bound");
        Assert.True(Sh.Status(s.LimittopPid, "Threads") == s.LimittopThreads, "no thread came or went");
        s.AssertForkFails();
        t.Keys("q");
        t.WaitForShell();
    }
}
