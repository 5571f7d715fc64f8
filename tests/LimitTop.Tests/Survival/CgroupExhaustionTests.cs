using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LimitTop.Tests.Survival;

/// <summary>
/// Scenario 2 of issue 6: limittop inside a pids cgroup (v1 here, v2 where that is what the machine has) whose
/// pids.max a hog in the same cgroup has reached: it keeps refreshing, answers keys, shows the cgroup full with
/// its rejected forks, ranks the hog, and kills it.
/// </summary>
[Collection("survival")]
public sealed class CgroupExhaustionTests(AotBuild build, ITestOutputHelper output)
{
    private const int Max = 128;

    [SkippableFact]
    public void Pids_cgroup_at_max_it_keeps_refreshing_shows_rejections_and_kills_the_hog()
    {
        using var cg = PidsCgroup.Create("lt-survival-" + Guid.NewGuid().ToString("N")[..8], Max);
        using var tmux = Tmux.Start(120, 40);
        Hog? hog = null;
        try
        {
            tmux.Type($"TERM=xterm-256color {cg.ShellPrefix} {build.Limittop} --dump-dir {Path.Combine(build.Dir, "dumps-cgroup")}");
            tmux.Keys("Enter");
            tmux.WaitFor("PROCESSES", 15);
            int lt = Sh.LimittopIn(tmux);
            tmux.WaitTicks(1, "the first refresh after start-up");
            long ltThreads = Sh.Status(lt, "Threads")!.Value;
            Assert.Contains(cg.Relative, File.ReadAllText($"/proc/{lt}/cgroup"), StringComparison.Ordinal);

            string name = "ltcghog" + Random.Shared.Next(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            hog = cg.Start(build.Hog, "fill", name);
            hog.WaitForLine(l => l.StartsWith("full ", StringComparison.Ordinal), 15, "\"full\"");
            Eventually.Within(() => cg.Current == Max); // a failing clone is charged for an instant
            Assert.Equal(Max, cg.Current);
            long events0 = cg.EventsMax;
            Assert.True(events0 > 0, "the kernel refused forks in the cgroup (pids.events max > 0)");

            var w = Watch.Exhausted(tmux, lt, 17, hog.Pid, user: null);
            string s = tmux.Capture();
            long events1 = cg.EventsMax;
            output.WriteLine($"cgroup v{cg.Version} pids.max {Max}: limittop {ltThreads} threads, hog {Sh.Status(hog.Pid, "Threads")}; pids.events max {events0} -> {events1}; 17 refreshes: {w}");
            Assert.True(w.DistinctClocks >= 17, $"the clock moved {w.DistinctClocks} times (17 wanted) before the hang bound");
            Assert.True(w.HogOnTop >= w.Captures - 2, $"hog ranked first in {w.HogOnTop} of {w.Captures} captures");
            Assert.Equal(ltThreads, Sh.Status(lt, "Threads"));

            // the cgroup row: full, and its rejections since limittop started
            // (the panel clips long paths from the start; the unique tail is enough)
            var row = s.Split('\n').FirstOrDefault(l => l.Contains(cg.Relative[^8..], StringComparison.Ordinal) && l.Contains("rej +", StringComparison.Ordinal));
            Assert.True(row is not null, "a cgroup row with rejections:\n" + s);
            Assert.Matches($@"{Max}/{Max} +100%", row);
            long shown = long.Parse(Regex.Match(row, @"rej \+([\d,]+)").Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(shown, 1, events1 + 1000); // counted since limittop started, so at most what the kernel counted overall (+ refreshes)
            Assert.Matches(@"PIDS CGROUPS +[\d,]+ forks rejected since start", s);
            Screen.AssertTopFinding(s, Regex.Escape($"cgroup {cg.Relative}: {Max} of {Max} tasks (pids.max, 100%)"),
                refusedBy: Regex.Escape($"pids.max {Max} of cgroup")); // the witness's sentence, as root

            tmux.Keys("/");
            tmux.Type(name);
            tmux.Keys("Enter");
            tmux.WaitFor("search \"" + name + "\"");
            tmux.Keys("k");
            tmux.WaitFor("Send a signal", 5);
            tmux.Keys("Enter");
            Assert.True(hog.WaitForExit(30), "the hog died from limittop's kill");
            tmux.WaitFor(x => !x.Contains($"{Max}/{Max}", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the cgroup to drain");
            Assert.True(Sh.Alive(lt));
            tmux.Keys("q");
            tmux.WaitForShell();
        }
        finally
        {
            hog?.Dispose();
            tmux.Dispose();
        }
    }
}
