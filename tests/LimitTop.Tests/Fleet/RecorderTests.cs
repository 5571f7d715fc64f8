using System.Diagnostics;
using System.Text.Json;
using LimitTop.Tests.Survival;

using Xunit.Abstractions;

namespace LimitTop.Tests.Fleet;

/// <summary>
/// The flight recorder of the published binary: a uid that spends its RLIMIT_NPROC produces one dump within the
/// tick (0600 files in a 0700 directory, the critical finding, the history before it); the limit held exhausted,
/// released and spent again within --record-every produces no second dump.
/// </summary>
[Collection("survival")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RecorderTests(AotBuild build, ITestOutputHelper output)
{
    private const int Uid = 62141;
    private const int Limit = 10;

    [Fact]
    public void A_spent_nproc_limit_is_dumped_once_within_the_tick()
    {
        string dir = Directory.CreateTempSubdirectory("limittop-fleet-rec-").FullName;
        string rec = Path.Combine(dir, "dumps");
        Assert.Equal(0, Sh.TasksOfUid(Uid));
        using var lt = HeadlessProcess.Start(build, ["--record", rec]); // --metrics: its body moves every tick (WaitTicks)
        lt.WaitTicks(3, "some history before the moment");
        Hog? hog = Hog.AsUser(Uid, Limit, build.Hog, "fill", "ltfleetrec");
        try
        {
            hog.WaitForLine(l => l.StartsWith("full", StringComparison.Ordinal), 30, "the hog to reach RLIMIT_NPROC");
            var full = Stopwatch.StartNew();
            Eventually.Until(() => Recorded(lt.Stderr).Count > 0, "a dump of the spent limit", pollMs: 20, state: () => lt.Stderr);
            output.WriteLine($"dump {full.Elapsed.TotalMilliseconds:0} ms after the hog hit the limit");
            Assert.True(Recorded(lt.Stderr).Count == 1, "one dump: " + lt.Stderr);
            string json = Recorded(lt.Stderr)[0];
            Assert.Contains(json, Dumps(rec));
            // "within the tick", as a fact instead of a speed: the dump is of the first sample that saw the limit
            // spent, so no snapshot of its history has the critical finding yet
            using (var first = JsonDocument.Parse(File.ReadAllText(json)))
            {
                Assert.DoesNotContain(first.RootElement.GetProperty("history").EnumerateArray(), IsCritical);
            }

            lt.WaitTicks(4, "held exhausted: four more ticks");
            hog.Dispose();
            hog = null;
            Eventually.Until(() => Sh.TasksOfUid(Uid) == 0, "the hog's tasks to leave");
            lt.WaitTicks(2, "released: the finding is no longer critical");
            hog = Hog.AsUser(Uid, Limit, build.Hog, "fill", "ltfleetrec");
            hog.WaitForLine(l => l.StartsWith("full", StringComparison.Ordinal), 30, "the hog to reach the limit again");
            lt.WaitTicks(2, "spent again: two ticks to see it");
            // Counted by trigger: other programs' pids cgroups on a shared machine refuse forks too, and each of their
            // dumps (rightly) shows this uid's finding while it is critical; this finding itself dumps once.
            Assert.True(Recorded(lt.Stderr).Count == 1, "still one dump (held, released and spent again within --record-every): " + lt.Stderr);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(json));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.ChangeExtension(json, ".txt")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(rec));
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            Assert.True(doc.RootElement.GetProperty("history").GetArrayLength() >= 2, "the dump holds the seconds before");
            Assert.Contains("recorded", lt.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            hog?.Dispose();
        }

        Assert.Equal(0, lt.Stop());
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void An_unwritable_record_directory_is_logged_and_survived()
    {
        string dir = Directory.CreateTempSubdirectory("limittop-fleet-rec-bad-").FullName;
        string file = Path.Combine(dir, "not-a-dir");
        File.WriteAllText(file, "x");
        // Every tick has a critical finding when the dump directory is a file below a file: a cgroup at its max.
        using var cg = PidsCgroup.Create("limittop-fleet-rec-bad", 2);
        using var sleeper = cg.Start(build.Hog, "fill", "ltfleetbad");
        sleeper.WaitForLine(l => l.StartsWith("full", StringComparison.Ordinal), 30, "the cgroup to be full");
        using var lt = HeadlessProcess.Start(build, ["--record", Path.Combine(file, "dumps")]);
        Eventually.Until(() => lt.Stderr.Contains("--record:", StringComparison.Ordinal), "the refused --record directory to be logged", state: () => lt.Stderr);
        Assert.True(RawHttp.Scrape(lt.Port).Response is { Status: 200 }, "still serving");
        Assert.Contains("--record:", lt.Stderr, StringComparison.Ordinal);
        _ = Sh.Run("kill", ["-KILL", Sh.Inv(sleeper.Pid)]);
        Assert.Equal(0, lt.Stop());
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>
    /// Dumps that hold the test uid's critical nproc finding (the machine is shared: another limit may turn critical
    /// during the test and is recorded too, correctly, but is not what this test counts).
    /// </summary>
    /// <summary>The dumps whose trigger was the test uid's nproc finding, from limittop's "recorded PATH and .txt: TRIGGERS" lines.</summary>
    private static List<string> Recorded(string stderr)
        => [.. stderr.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"recorded (\S+\.json) and \.txt: (.*?)( \(first of an incident: kept\))?$"))
            .Where(m => m.Success && m.Groups[2].Value.Split(", ").Any(t => t.StartsWith("user:", StringComparison.Ordinal) && t.EndsWith(" nproc", StringComparison.Ordinal)
                && t.Contains(Sh.Inv(Uid), StringComparison.Ordinal)))
            .Select(m => m.Groups[1].Value)];

    /// <summary>True when <paramref name="snapshot"/> (a dump or one of its history) has the test uid's critical nproc finding.</summary>
    private static bool IsCritical(JsonElement snapshot)
        => snapshot.GetProperty("diagnosis").EnumerateArray().Any(d => d.GetProperty("severity").GetString() == "critical"
            && d.GetProperty("limit").GetString() == "nproc" && d.GetProperty("scope").GetString()!.Contains(Sh.Inv(Uid), StringComparison.Ordinal));

    private static string[] Dumps(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return [];
        }

        return [.. Directory.GetFiles(dir, "limittop-*.json").Where(f =>
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(f));
                return IsCritical(doc.RootElement);
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                return false;
            }
        })];
    }
}
