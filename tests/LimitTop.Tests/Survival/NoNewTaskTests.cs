using System.Globalization;
using LimitTop.Dashboard;
using LimitTop.Frames;
using Xunit.Abstractions;
using LimitTop.TestSupport;

namespace LimitTop.Tests.Survival;

/// <summary>
/// Scenario 7 of issue 6: over a 60-s session of the AOT build in which every key of the key map, a mouse click
/// and resizes are used, strace sees no clone/clone3/fork/vfork/execve after the first frame. Each resize is a SIGWINCH
/// that .NET hands to a thread-pool worker (QuietLoop's wake-up): the trace counts them, so the pinned pool is
/// proven to take them without growing.
/// </summary>
[Collection("survival")]
public sealed class NoNewTaskTests(AotBuild build, ITestOutputHelper output)
{
    /// <summary>Every keystroke of the key map, as tmux key names, in an order that leaves the dashboard usable.</summary>
    internal static IEnumerable<string> AllKeys()
    {
        foreach (var b in KeyMap.All)
        {
            foreach (var k in b.Strokes)
            {
                if (b.Command == Command.Quit)
                {
                    continue; // last
                }

                yield return k.Special switch
                {
                    SpecialKey.None => k.Char switch { ' ' => "Space", '\\' => "\\", ';' => "\\;", _ => k.Char.ToString() },
                    SpecialKey.Up => "Up",
                    SpecialKey.Down => "Down",
                    SpecialKey.Left => "Left",
                    SpecialKey.Right => "Right",
                    SpecialKey.PageUp => "PageUp",
                    SpecialKey.PageDown => "PageDown",
                    SpecialKey.Home => "Home",
                    SpecialKey.End => "End",
                    SpecialKey.Enter => "Enter",
                    SpecialKey.Esc => "Escape",
                    SpecialKey.Backspace => "BSpace",
                    SpecialKey.Tab => "Tab",
                    SpecialKey.CtrlC => "C-c",
                    SpecialKey.CtrlL => "C-l",
                    SpecialKey.CtrlZ => "C-z",
                    _ => k.Special.ToString(), // F1 … F10
                };

                // whatever the key opened (help, prompt, picker, dialog), close it again
                yield return "Escape";
            }
        }
    }

    [SkippableFact]
    public void No_thread_or_process_is_created_after_the_first_frame_in_a_60_s_session_using_every_key()
    {
        using var tmux = StartTraced(build, "-tt -s 24 -e signal=SIGWINCH -e trace=clone,clone3,fork,vfork,execve,write", "--dump-dir " + Path.Combine(build.Dir, "dumps-strace"), out string trace);
        var start = DateTime.UtcNow;
        var keys = AllKeys().ToList();
        int rounds = 0, sent = 0, resizes = 0;
        while ((DateTime.UtcNow - start).TotalSeconds < 55)
        {
            foreach (var k in keys)
            {
                tmux.Keys(k);
                sent++;
                if (k != "Escape")
                {
                    Thread.Sleep(120);
                }
            }

            tmux.Click(10, 20);
            foreach (var (w, h) in rounds % 2 == 0 ? new[] { (80, 24), (60, 20), (100, 30) } : [(120, 40), (40, 12), (90, 28)])
            {
                Thread.Sleep(300); // tmux holds back a resize within 250 ms of the previous one
                tmux.Resize(w, h);
                // drawn down to the new last row (a key may have left a prompt or dialog open: no exact layout)
                tmux.WaitFor(s => s.TrimEnd('\n').Split('\n') is { } rows && rows.Length == h && rows[^1].Trim().Length > 0, TimeSpan.FromSeconds(3), $"a frame of {w}x{h}");
                resizes++;
            }

            rounds++;
        }

        tmux.Keys("q");
        tmux.WaitForShell(20);

        var lines = File.ReadAllLines(trace);
        int first = Array.FindIndex(lines, l => l.Contains("write(1, \"\\33]0;limittop", StringComparison.Ordinal));
        Assert.True(first > 0, "the first frame (window title write) is in the trace");
        var tasks = lines.Select((l, i) => (l, i)).Where(x => x.l.Contains(" clone(", StringComparison.Ordinal) || x.l.Contains(" clone3(", StringComparison.Ordinal)
            || x.l.Contains(" fork(", StringComparison.Ordinal) || x.l.Contains(" vfork(", StringComparison.Ordinal) || x.l.Contains(" execve(", StringComparison.Ordinal)).ToList();
        var before = tasks.Where(x => x.i < first).ToList();
        var after = tasks.Where(x => x.i > first).Select(x => x.l).ToList();
        double seconds = (TimeOf(lines[^1]) - TimeOf(lines[first])).TotalSeconds;
        int winches = lines.Skip(first).Count(l => l.Contains("--- SIGWINCH", StringComparison.Ordinal));
        output.WriteLine($"{sent} keys and {resizes} resizes ({winches} SIGWINCH) in {rounds} rounds over {seconds:F0} s after the first frame; {before.Count} task syscalls before it (1 execve + {before.Count - 1} threads), {after.Count} after");
        Assert.True(seconds >= 55, $"the traced session lasted {seconds:F0} s after the first frame");
        Assert.Single(before, x => x.l.Contains("execve(", StringComparison.Ordinal));
        Assert.All(before.Where(x => !x.l.Contains("execve(", StringComparison.Ordinal)), x => Assert.Contains("CLONE_THREAD", x.l, StringComparison.Ordinal));
        Assert.True(before.Count >= 5, "strace saw the runtime's start-up threads (it was watching)");
        Assert.True(winches >= resizes, $"every resize reached limittop as a SIGWINCH ({winches} for {resizes})");
        Assert.Empty(after);
        File.Delete(trace);
    }

    /// <summary>limittop <paramref name="args"/> under <c>strace -f <paramref name="straceArgs"/></c> in a 120x40 tmux, up to its first frame.</summary>
    internal static Tmux StartTraced(AotBuild build, string straceArgs, string args, out string trace)
    {
        Need.Tool("strace");
        trace = Path.Combine(build.Dir, "strace-" + Guid.NewGuid().ToString("N") + ".txt");
        var tmux = Tmux.Start(120, 40);
        tmux.Type($"TERM=xterm-256color strace -f -o {trace} {straceArgs} {build.Limittop} {args}");
        tmux.Keys("Enter");
        tmux.WaitFor("PROCESSES", 20);
        return tmux;
    }

    private static TimeSpan TimeOf(string straceLine)
    {
        // "PID  HH:MM:SS.ffffff syscall(...)"
        var tok = straceLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return TimeSpan.ParseExact(tok[1], @"hh\:mm\:ss\.ffffff", CultureInfo.InvariantCulture);
    }
}
