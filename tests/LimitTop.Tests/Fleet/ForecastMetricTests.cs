using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LimitTop.Tests.Survival;

using Xunit.Abstractions;

namespace LimitTop.Tests.Fleet;

/// <summary>
/// The forecast reaches the fleet: a uid whose process adds threads at a steady 4/s under RLIMIT_NPROC 250
/// (setpriv + prlimit + lthog grow) gets a <c>limittop_limit_exhaustion_seconds{scope="user:…",limit="nproc"}</c>
/// series on the live headless endpoint once the trend rule sees 30 one-second samples, within 25 % of the true
/// time left (the kernel's task count of the uid, read at the scrape); a uid that does not grow gets none.
/// </summary>
[Collection("survival")]
public sealed partial class ForecastMetricTests(AotBuild build, ITestOutputHelper output)
{
    private const int GrowUid = 62150;
    private const int FlatUid = 62151;
    private const int Limit = 250;
    private const int PerSecond = 4;

    [GeneratedRegex(@"^limittop_limit_exhaustion_seconds\{scope=""([^""]*)"",limit=""nproc""\} (\S+)$", RegexOptions.Multiline)]
    private static partial Regex NprocForecast();

    [Fact]
    public void A_steady_thread_leak_is_exported_as_exhaustion_seconds_and_a_flat_user_has_none()
    {
        Assert.Equal(0, Sh.TasksOfUid(GrowUid));
        Assert.Equal(0, Sh.TasksOfUid(FlatUid));
        using var lt = HeadlessProcess.Start(build, []);
        using var grow = Hog.AsUser(GrowUid, Limit, build.Hog, "grow", Sh.Inv(PerSecond));
        using var flat = Hog.AsUser(FlatUid, Limit, build.Hog, "wait");
        try
        {
            grow.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), 5, "the growing hog");
            flat.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), 5, "the flat hog");
            string growScope = "user:" + UserLabel(lt.Port, GrowUid), flatScope = "user:" + UserLabel(lt.Port, FlatUid);

            var sw = Stopwatch.StartNew();
            double? seconds = null;
            int tasks = 0;
            string body = "";
            while (sw.Elapsed.TotalSeconds < 50 && seconds is null)
            {
                Thread.Sleep(250); // paces the scrapes: the wait is for the series
                body = RawHttp.Scrape(lt.Port).Response?.Body ?? "";
                tasks = Sh.TasksOfUid(GrowUid);
                seconds = NprocForecast().Matches(body).Where(m => m.Groups[1].Value == growScope)
                    .Select(m => (double?)double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).FirstOrDefault();
            }

            Assert.True(seconds is not null, $"no exhaustion series for {growScope} after {sw.Elapsed.TotalSeconds:0} s at {tasks} tasks; limittop: {lt.Stderr}");
            double truth = (double)(Limit - tasks) / PerSecond;
            output.WriteLine($"{growScope}: limittop_limit_exhaustion_seconds {seconds} at {sw.Elapsed.TotalSeconds:0.0} s, {tasks} tasks (truth {truth:0} s)");
            Assert.InRange(seconds!.Value, truth * 0.75, truth * 1.25);
            Assert.DoesNotContain(NprocForecast().Matches(body), m => m.Groups[1].Value == flatScope);
            Assert.Contains("# TYPE limittop_limit_exhaustion_seconds gauge", body, StringComparison.Ordinal);
        }
        finally
        {
            _ = Sh.Run("kill", ["-KILL", Sh.Inv(grow.Pid), Sh.Inv(flat.Pid)]);
        }

        Assert.Equal(0, lt.Stop());
    }

    /// <summary>The user label limittop gives a uid (its passwd name, or the number), from limittop_user_tasks.</summary>
    private static string UserLabel(int port, int uid)
    {
        var sw = Stopwatch.StartNew();
        var line = new Regex($@"^limittop_user_tasks\{{uid=""{uid}"",user=""([^""]*)""\}}", RegexOptions.Multiline);
        while (sw.Elapsed < Eventually.HangBound)
        {
            if (line.Match(RawHttp.Scrape(port).Response?.Body ?? "") is { Success: true } m)
            {
                return m.Groups[1].Value;
            }

            Thread.Sleep(250);
        }

        Assert.Fail($"uid {uid} never showed in limittop_user_tasks");
        return "";
    }
}
