using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LimitTop.Tests.Survival;

namespace LimitTop.Tests.EndToEnd;

/// <summary>
/// #13 on the real screen: a fork refused in a pids cgroup made here (v1 on this machine) flashes in the title bar,
/// is in the event log (e) stamped within 2 s of the refusal, and is in a dump (d).
/// </summary>
public sealed partial class TrendEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lt-trend-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex(@"(\d\d:\d\d:\d\d) fork-rejected +cgroup:(\S+) +pids\.max +×(\d+) +(\d+) ")]
    private static partial Regex LogRow();

    [SkippableFact]
    public void A_refused_fork_shows_as_an_event_of_its_cgroup_on_screen_and_in_a_dump()
    {
        string name = "lt-trend-e2e-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using var cg = PidsCgroup.Create(name, max: 2);
        using var holder = cg.Start("sleep", "60"); // limittop lists the pids cgroups its processes are in: this one first
        string dumps = Path.Combine(_dir, "dumps");
        using var tmux = Tmux.Start(160, 45);
        tmux.Type(Tmux.LimittopCommand + " --dump-dir " + dumps);
        tmux.Keys("Enter");
        tmux.WaitFor("PROCESSES", 20);
        tmux.WaitFor(cg.Relative, 5);
        tmux.WaitTicks(2, "the cgroup's pids.events baseline is in");

        // holder + the shell fill pids.max 2: its fork of /bin/true is refused, then it becomes sleep (no fork)
        // The stamps are checked against what happened around them, not against a speed: no earlier than the
        // refusal (give or take the rounding the original bounds allowed), no later than the moment it was seen.
        var hogStarted = DateTimeOffset.Now;
        using (var hog = cg.Start("sh", "-c", "/bin/true; exec sleep 30"))
        {
            Eventually.Within(() => cg.EventsMax > 0, pollMs: 5);
            Assert.True(cg.EventsMax > 0, "the kernel refused the fork (pids.events max)");

            string flash = tmux.WaitFor("refused in " + cg.Relative, 3);
            var seen = DateTimeOffset.Now;
            Assert.Contains("! fork", flash.Split('\n')[0]);

            tmux.Keys("e");
            string log = tmux.WaitFor(s => LogRow().IsMatch(s), TimeSpan.FromSeconds(3), "the event row");
            var m = LogRow().Match(log);
            Assert.Equal(cg.Relative, m.Groups[2].Value);
            var shown = DateTime.ParseExact(m.Groups[1].Value, "HH:mm:ss", CultureInfo.InvariantCulture);
            // seconds shown: between the hog's start (less the rounding) and the moment the flash was seen
            Assert.InRange(shown.TimeOfDay.TotalSeconds, hogStarted.LocalDateTime.TimeOfDay.TotalSeconds - 2, seen.LocalDateTime.TimeOfDay.TotalSeconds + 1);
            Assert.Contains("sleep (", log); // the culprit: a process of that cgroup (each holds one task)

            tmux.Keys("Escape");
            tmux.Keys("d");
            tmux.WaitFor("dumped to " + dumps, 5);
            using var doc = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(dumps, "limittop-*.json").Single()));
            var e = doc.RootElement.GetProperty("events").EnumerateArray()
                .Single(x => x.GetProperty("scope").GetString() == "cgroup:" + cg.Relative
                    && x.GetProperty("kind").GetString() == "fork-rejected"); // (the witness adds its own "refused" line as root)
            Assert.Equal("fork-rejected", e.GetProperty("kind").GetString());
            Assert.Equal("pids.max", e.GetProperty("limit").GetString());
            Assert.True(e.GetProperty("count").GetInt64() >= 1);
            var time = DateTimeOffset.Parse(e.GetProperty("time").GetString()!, CultureInfo.InvariantCulture);
            Assert.InRange(time, hogStarted.AddSeconds(-1.5), seen);
            hog.Process.Kill();
            hog.Process.WaitForExit(5000);
            holder.Process.Kill();
            holder.Process.WaitForExit(5000);
        }

        tmux.Keys("q");
        tmux.WaitForShell();
    }
}
