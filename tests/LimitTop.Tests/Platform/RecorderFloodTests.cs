using LimitTop.Recording;
using LimitTop.Core.Pipeline;
using System.Runtime.Versioning;
using System.Text.Json;
using LimitTop.Core.Model;
using LimitTop.Headless;

namespace LimitTop.Tests.Platform;

/// <summary>
/// Issue 24, finding 4: 48 new cgroups each refusing one fork within a minute used to write 48 full dumps and push the
/// real incident's dump out of the 100 MiB bound. The recorder's budget is global (per minute), the first dump of an
/// incident survives retention, and a dump holds the rows the triggers involve, not the whole box. In-process,
/// with hand-made snapshots one second apart (the recorder is fed the clock).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class RecorderFloodTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lt_secfiles-rec-").FullName;

    /// <summary>
    /// Tick <paramref name="k"/>: cgroup /real refuses a fork at tick 1 (the incident); from tick 2 on, a new cgroup
    /// /flood-N appears each tick and refuses one fork the tick after. <paramref name="box"/> processes elsewhere.
    /// </summary>
    private static Snapshot Tick(int k, int box = 200)
    {
        var procs = new List<ProcessSample>();
        for (int i = 0; i < box; i++)
        {
            procs.Add(Snapshots.Proc(10_000 + i, 1, user: "www", uid: 33, cgroup: "/system.slice/web.service"));
        }

        procs.Add(Snapshots.Proc(500, 3, user: "bob", uid: 1000, cgroup: "/real"));
        var cgroups = new List<CgroupUsage>
        {
            new() { Path = "/real", Version = 1, PidsCurrent = 3, ForkRejections = k >= 1 ? 1 : 0 },
            new() { Path = "/system.slice/web.service", Version = 1, PidsCurrent = box },
        };
        for (int n = 2; n < k; n++)
        {
            cgroups.Add(new() { Path = "/flood-" + n, Version = 1, PidsCurrent = 1, ForkRejections = k > n ? 1 : 0 });
        }

        if (k >= 2)
        {
            cgroups.Add(new() { Path = "/flood-" + k, Version = 1, PidsCurrent = 1, ForkRejections = 0 });
        }

        return Snapshots.Make(procs, seq: 1_000 + k, cgroups: cgroups);
    }

    private string[] Dumps() => [.. Directory.GetFiles(_dir, "limittop-*.json").Order(StringComparer.Ordinal)];

    private static List<string> Triggers(string json)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        return [.. doc.RootElement.GetProperty("focus").GetProperty("triggers").EnumerateArray().Select(t => t.GetString()!)];
    }

    [Fact]
    public void Forty_eight_triggers_in_a_minute_give_a_bounded_number_of_dumps_and_keep_the_incident()
    {
        var limits = new RecorderLimits { Keep = 5, PerMinute = 4 };
        long now = 0;
        var recorder = new FlightRecorder(_dir, limits, () => now);
        using var collector = new Collector(); // the recorder's triggers are the collector's events
        collector.Add(recorder);
        int firstMinute = -1;
        for (int k = 0; k <= 240; k++) // the incident, then four minutes of flood: a new refusing cgroup every second
        {
            now = k * 1000L;
            collector.Accept(Tick(k, box: 20));

            if (k == 59)
            {
                firstMinute = recorder.Dumps;
            }
        }

        Assert.True(firstMinute <= 4, $"{firstMinute} dumps in the first minute (budget 4)");
        Assert.True(recorder.Refused >= 40, $"{recorder.Refused} triggers refused by the budget in four minutes of flood");
        var kept = Dumps();
        Assert.True(kept.Length <= limits.Keep, $"{kept.Length} dumps kept (keep {limits.Keep})");
        Assert.Contains(kept, f => Triggers(f).Contains("cgroup:/real pids.max"));
        Assert.Contains(kept, f => Triggers(f).Any(t => t.StartsWith("cgroup:/flood-", StringComparison.Ordinal))); // the newest flood dumps too
    }

    [Fact]
    public void A_dump_holds_the_rows_the_trigger_involves_not_the_whole_box()
    {
        long now = 0;
        var recorder = new FlightRecorder(_dir, clockMs: () => now);
        using var collector = new Collector();
        collector.Add(recorder);
        collector.Accept(Tick(0, box: 2000));
        now = 1000;
        collector.Accept(Tick(1, box: 2000));

        string json = Assert.Single(Dumps());
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        var pids = root.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("pid").GetInt32()).ToList();
        Assert.Contains(500, pids); // bob's process in /real
        Assert.True(pids.Count <= 1 + Core.Export.DumpFocus.ContextProcesses, $"{pids.Count} processes in a dump about one cgroup of 3");
        Assert.Equal(2001 - pids.Count, root.GetProperty("focus").GetProperty("processesOmitted").GetInt32());
        Assert.All(root.GetProperty("history").EnumerateArray(), h => Assert.True(h.GetProperty("processes").GetArrayLength() <= pids.Count));
        Assert.Equal(2, root.GetProperty("cgroups").GetArrayLength()); // /real, and the fullest for context
        Assert.True(new FileInfo(json).Length < 64 * 1024, $"{new FileInfo(json).Length} bytes");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
