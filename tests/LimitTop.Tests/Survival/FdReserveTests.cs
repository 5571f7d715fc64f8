using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LimitTop.Tests.Survival;

/// <summary>
/// The fd reserve of issue 6: when limittop itself cannot open another file (its soft RLIMIT_NOFILE lowered to 3
/// while it runs: every new fd fails with EMFILE, as at file-max for a non-root user with ENFILE), it keeps
/// refreshing from the descriptors it holds (the /proc directory), keeps the rows it can no longer read instead of
/// dropping them, and says so in the status bar; when fds are back, so is complete data.
/// </summary>
[Collection("survival")]
public sealed partial class FdReserveTests(AotBuild build, ITestOutputHelper output)
{
    [GeneratedRegex(@"PROCESSES +(\d+) of (\d+)")]
    private static partial Regex Processes();

    private static int Total(string screen) => int.Parse(Processes().Match(screen).Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);

    [SkippableFact]
    public void Out_of_fds_it_keeps_refreshing_keeps_rows_and_says_the_list_is_incomplete()
    {
        using var tmux = Tmux.Start(160, 40);
        tmux.Type($"TERM=xterm-256color {build.Limittop} --dump-dir {Path.Combine(build.Dir, "dumps-fd")}");
        tmux.Keys("Enter");
        tmux.WaitFor("PROCESSES", 15);
        int lt = Sh.LimittopIn(tmux);
        string before = tmux.WaitTicks(1, "a refresh after the first frame");
        Assert.DoesNotContain("incomplete:", before, StringComparison.Ordinal);
        int total0 = Total(before);

        Sh.Check(Sh.Run("prlimit", ["--pid", Sh.Inv(lt), "--nofile=3:"]), "prlimit --nofile=3:");
        try
        {
            string starved = tmux.WaitFor(s => s.Contains("incomplete:", StringComparison.Ordinal) && s.Contains("EMFILE", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the EMFILE warning");
            output.WriteLine("starved: " + Screen.StatusBar(starved).Trim());
            // the rows stay (older values), not silently gone; processes started meanwhile cannot be read at all
            Assert.InRange(Total(starved), total0 - 10, total0 + 10);
            var clocks = new HashSet<string>();
            // six rounds at least, and on until the clock has moved 4 times (however late a busy machine's ticks come)
            for (int i = 0; i < 6 || (clocks.Count < 4 && i < 60); i++)
            {
                string s = tmux.Capture();
                clocks.Add(Screen.Clock(s));
                Assert.True(Sh.Alive(lt));
                tmux.Keys("I");
                tmux.WaitFor(i % 2 == 0 ? "THR▲" : "THR▼", 5);
                Thread.Sleep(700); // paces the rounds
            }

            Assert.True(clocks.Count >= 4, $"the clock moved {clocks.Count} times without fds (4 wanted)");
            tmux.Keys("d"); // a dump needs a new fd: an error in words, not a crash
            output.WriteLine("dump without fds: " + Screen.StatusBar(tmux.WaitTicks(1, "a refresh after d")).Trim());
            Assert.True(Sh.Alive(lt));
        }
        finally
        {
            Sh.Check(Sh.Run("prlimit", ["--pid", Sh.Inv(lt), "--nofile=1024:"]), "prlimit --nofile=1024:");
        }

        tmux.Keys("Escape");
        string back = tmux.WaitFor(s => !s.Contains("incomplete:", StringComparison.Ordinal) && !s.Contains("STALE", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "complete data again");
        Assert.InRange(Total(back), total0 - 10, total0 + 10);
        tmux.Keys("q");
        tmux.WaitForShell();
    }
}
