using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LimitTop.Tests.Survival;

/// <summary>
/// Issue 11, the parts that need no exhausted user: without a terminal the dashboard refuses at once (exit 2)
/// while --once works; --single-thread draws the same frames as the Terminal.Gui dashboard; and under strace
/// the single-thread mode makes no thread or process besides the finalizer the runtime starts before Main.
/// </summary>
[Collection("survival")]
public sealed partial class SingleThreadTests(AotBuild build, ITestOutputHelper output)
{
    [SkippableFact]
    public void Without_a_terminal_the_dashboard_exits_2_at_once_and_once_still_works()
    {
        foreach (var args in new[] { Array.Empty<string>(), ["--single-thread"] })
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var r = Sh.Run(build.Limittop, args, TimeSpan.FromSeconds(60)); // a hang is a failure (Sh.Run's timeout); a slow exit is not
            output.WriteLine($"limittop {string.Join(' ', args)} < pipe > pipe: exit {r.ExitCode} in {sw.ElapsedMilliseconds} ms: {r.Stderr.Trim()}");
            Assert.Equal(2, r.ExitCode);
            Assert.Equal("limittop: not a terminal — run it in a terminal (ssh -t), or use --once\n", r.Stderr);
            Assert.Equal("", r.Stdout);
        }

        var once = Sh.Run(build.Limittop, ["--once"], TimeSpan.FromSeconds(20));
        Assert.Equal(0, once.ExitCode);
        Assert.StartsWith("limittop — ", once.Stdout, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData(120, 40)]
    [InlineData(80, 24)]
    public void Single_thread_mode_draws_the_same_frames_as_the_terminal_gui_dashboard(int width, int height)
    {
        string fx = FixtureTree.PathOf("proc-basic");
        string args = $"--proc {fx}/proc --sys {fx}/sys --etc {fx}/etc";
        using var gui = Tmux.Start(width, height);
        using var raw = Tmux.Start(width, height);
        gui.Type($"TERM=xterm-256color {build.Limittop} {args}");
        raw.Type($"TERM=xterm-256color {build.Limittop} --single-thread {args}");
        gui.Keys("Enter");
        raw.Keys("Enter");
        gui.WaitFor("PROCESSES", 20);
        raw.WaitFor("PROCESSES", 20);
        gui.WaitTicks(2, "a settled refresh: CPU % from the second sample on");
        raw.WaitTicks(2, "a settled refresh: CPU % from the second sample on");
        foreach (var keys in new[] { Array.Empty<string>(), ["F1"], ["Escape", "F6"], ["Escape", "k"] })
        {
            gui.Keys(keys);
            raw.Keys(keys);
            // both have drawn the keys when their frames agree; at the hang bound the last two are compared
            string a = "", b = "";
            Eventually.Within(() => (a = Mask(gui.Capture())) == (b = Mask(raw.Capture())) && a.Length > 0);
            output.WriteLine($"{width}x{height} after [{string.Join(' ', keys)}]: {(a == b ? "same" : "DIFFERENT")}");
            if (a != b)
            {
                output.WriteLine("Terminal.Gui:\n" + a + "\nsingle-thread:\n" + b);
            }

            Assert.Equal(a, b);
        }

        gui.Keys("Escape", "q");
        raw.Keys("Escape", "q");
        gui.WaitForShell();
        raw.WaitForShell();
    }

    [SkippableFact]
    public void Single_thread_mode_makes_no_thread_or_process_after_start()
    {
        using var t = NoNewTaskTests.StartTraced(build, "-e trace=clone,clone3,fork,vfork,execve", "--single-thread --dump-dir " + Path.Combine(build.Dir, "dumps-single"), out string trace);
        int sent = 0;
        foreach (var k in NoNewTaskTests.AllKeys())
        {
            t.Keys(k);
            sent++;
            if (k != "Escape")
            {
                Thread.Sleep(80);
            }
        }

        t.Click(10, 20); // read and dropped: this mode does not use the mouse
        t.Resize(80, 24);
        t.WaitFor(x => Tmux.LaidOutFor(x, 80, 24), TimeSpan.FromSeconds(5), "redraw at 80x24");
        LastShell.AssertNoStackTrace(t.WaitTicks(3, "three refreshes after the keys, the click and the resize"));
        t.Keys("q");
        t.WaitForShell();
        var lines = File.ReadAllLines(trace);
        var clones = lines.Where(l => CloneRx().IsMatch(l)).ToList();
        var execs = lines.Where(l => ExecRx().IsMatch(l)).ToList();
        output.WriteLine($"{sent} keys, a click, a resize; strace: {clones.Count} clone/fork, {execs.Count} execve:\n" + string.Join('\n', clones.Concat(execs)));
        Assert.Single(execs); // strace starting limittop
        Assert.Single(clones); // NativeAOT's finalizer thread, created before Main
    }

    /// <summary>The clock, the CPU column and the status bar (mode note, sample time, so fewer keys) may differ.</summary>
    private static string Mask(string screen)
    {
        // and help has one line more in the single-thread mode: that the mouse is not read there
        var rows = screen.TrimEnd('\n').Split('\n').Select(r => Tmux.ClockRx().Replace(r.TrimEnd(), "hh:mm:ss"))
            .Select(r => r == LimitTop.RawTerminal.RawDashboard.MouseNote ? "" : r).ToArray();
        int header = Array.FindIndex(rows, r => r.Contains("CPU%", StringComparison.Ordinal));
        if (header >= 0)
        {
            int at = rows[header].IndexOf("CPU%", StringComparison.Ordinal);
            for (int y = header + 1; y < rows.Length - 1; y++)
            {
                if (rows[y].Length > at - 2)
                {
                    rows[y] = rows[y][..(at - 2)] + "######" + (rows[y].Length > at + 4 ? rows[y][(at + 4)..] : "");
                }
            }
        }

        // the status bar shortens its key list to make room for the mode's note; it is compared up to the first key
        rows[^1] = rows[^1].StartsWith("F1Help", StringComparison.Ordinal) ? "F1Help" : StatusTailRx().Replace(rows[^1], "");
        return string.Join('\n', rows);
    }

    [GeneratedRegex(@"\s{2,}.*$")]
    private static partial Regex StatusTailRx();

    [GeneratedRegex(@"^\d+\s+(clone|clone3|fork|vfork)\(")]
    private static partial Regex CloneRx();

    [GeneratedRegex(@"^\d+\s+execve\(")]
    private static partial Regex ExecRx();
}
