using System.Text.Json;
using LimitTop.Core.Export;
using LimitTop.Core.Model;
using LimitTop.Core.Sampling;
using LimitTop.Core.Tests.Sampling;
using LimitTop.Core.Trends;
using static LimitTop.Core.Tests.Trends.TrendWorld;

namespace LimitTop.Core.Tests.Trends;

/// <summary>Fork-rejected events from pids.events changes on the fixture trees, and the JSON of events and forecasts.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TrendEventFixtureTests
{
    [Fact]
    public void A_v1_pids_events_increase_is_one_event_with_the_cgroups_top_process()
    {
        using var tree = FixtureTree.Copy("proc-basic");
        using var sampler = new Sampler(tree.Root);
        var tracker = new TrendTracker();
        // max 3 at start: a baseline, not an event (the fixture's critical findings are events of their own)
        Assert.DoesNotContain(tracker.Observe(sampler.Sample()).Events, x => x.Kind == TrendEvent.ForkRejected);

        File.WriteAllText(tree.File("sys/fs/cgroup/pids/user.slice/user-1000.slice/app.service/pids.events"), "max 8\n");
        var s = tracker.Observe(sampler.Sample());
        var e = Assert.Single(s.Events, x => x.Kind == TrendEvent.ForkRejected);
        Assert.Equal(("cgroup:/user.slice/user-1000.slice/app.service", "pids.max", 5L, 4242, "myapp"),
            (e.Scope.Key, e.Limit.Name, e.Count, e.CulpritPid!.Value, e.CulpritName));
        Assert.Equal(s.TakenAt, e.Time);

        var again = tracker.Observe(sampler.Sample()); // unchanged: no new event
        Assert.Single(again.Events, x => x.Kind == TrendEvent.ForkRejected);
    }

    [Fact]
    public void On_v2_the_local_counter_is_counted_once_per_cgroup()
    {
        using var tree = FixtureTree.Copy("proc-v2");
        using var sampler = new Sampler(tree.Root);
        var tracker = new TrendTracker();
        tracker.Observe(sampler.Sample());

        // nginx.service refused 2 more of its own; its parent's hierarchical counter moves too, its local one not.
        File.WriteAllText(tree.File("sys/fs/cgroup/system.slice/nginx.service/pids.events.local"), "max 6\n");
        File.WriteAllText(tree.File("sys/fs/cgroup/system.slice/nginx.service/pids.events"), "max 6\n");
        File.WriteAllText(tree.File("sys/fs/cgroup/system.slice/pids.events"), "max 6\n");
        var s = tracker.Observe(sampler.Sample());
        var e = Assert.Single(s.Events, x => x.Kind == TrendEvent.ForkRejected);
        Assert.Equal(("cgroup:/system.slice/nginx.service", 2L, 100), (e.Scope.Key, e.Count, e.CulpritPid!.Value));
    }

    [Fact]
    public void Json_has_the_forecast_fields_on_every_diagnosis_entry_and_the_events_in_the_contract_shape()
    {
        var tracker = new TrendTracker();
        var s = GrowingBob(tracker, carolTasks: 950); // carol: flat at 950 of 1,000

        using var doc = JsonDocument.Parse(JsonExport.Serialize(s));
        var root = doc.RootElement;
        foreach (var d in root.GetProperty("diagnosis").EnumerateArray())
        {
            Assert.True(d.TryGetProperty("ratePerMinute", out _) && d.TryGetProperty("exhaustedInSeconds", out _), d.ToString());
        }

        var bob = root.GetProperty("diagnosis").EnumerateArray().Single(d => d.GetProperty("scope").GetString() == "user:bob" && d.GetProperty("limit").GetString() == "nproc");
        Assert.InRange(bob.GetProperty("ratePerMinute").GetDouble(), 28.5, 31.5);
        Assert.InRange(bob.GetProperty("exhaustedInSeconds").GetDouble(), 1650, 1830);
        var carol = root.GetProperty("diagnosis").EnumerateArray().First(d => d.GetProperty("scope").GetString() == "user:carol");
        Assert.Equal(JsonValueKind.Null, carol.GetProperty("ratePerMinute").ValueKind);
        Assert.Equal(JsonValueKind.Null, carol.GetProperty("exhaustedInSeconds").ValueKind);
        Assert.False(root.TryGetProperty("forecasts", out _)); // the fitted series go into dumps only

        var ev = root.GetProperty("events").EnumerateArray().Single();
        Assert.Equal(["time", "kind", "scope", "limit", "count", "culprit"], ev.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-12-01T12:00:00+00:00", ev.GetProperty("time").GetString());
        Assert.Equal(("critical", "user:carol", "nproc", 950), (ev.GetProperty("kind").GetString(), ev.GetProperty("scope").GetString(),
            ev.GetProperty("limit").GetString(), ev.GetProperty("count").GetInt32()));
        Assert.Equal((20, "p20"), (ev.GetProperty("culprit").GetProperty("pid").GetInt32(), ev.GetProperty("culprit").GetProperty("name").GetString()));
    }

    [Fact]
    public void A_dump_carries_the_events_and_the_series_each_forecast_used()
    {
        var tracker = new TrendTracker();
        var s = GrowingBob(tracker, carolTasks: 950); // carol: flat at 950 of 1,000

        string dir = Directory.CreateTempSubdirectory("limittop-trend-dump-").FullName;
        try
        {
            var r = new DumpWriter(dir).Write(s, []);
            Assert.True(r.Ok, r.Message);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(r.JsonPath!));
            // bob's nproc, and the system's tasks and PIDs that grow with it
            var all = doc.RootElement.GetProperty("forecasts").EnumerateArray().ToList();
            Assert.Equal(["system pid_max", "system threads-max", "user:bob nproc"],
                all.Select(x => x.GetProperty("scope").GetString() + " " + x.GetProperty("limit").GetString()).Order());
            var f = all.Single(x => x.GetProperty("scope").GetString() == "user:bob");
            var secs = f.GetProperty("seconds").EnumerateArray().Select(x => x.GetInt32()).ToList();
            var vals = f.GetProperty("values").EnumerateArray().Select(x => x.GetDouble()).ToList();
            Assert.Equal(secs.Count, vals.Count);
            Assert.Equal((0, 129.0), (secs[^1], vals[^1]));
            Assert.True(secs.Count >= SteadyRule.MinPoints && secs[0] < 0);
            Assert.Single(doc.RootElement.GetProperty("events").EnumerateArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
