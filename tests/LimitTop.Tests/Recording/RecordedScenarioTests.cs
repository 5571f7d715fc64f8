using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LimitTop.Tests.Fleet;
using LimitTop.Tests.Survival;
using Xunit.Abstractions;

namespace LimitTop.Tests.Recording;

/// <summary>
/// Issue 28's scenario, end to end on the published binary, recorded for about three minutes: a program as uid
/// <see cref="Uid"/> grows its threads at <see cref="Rate"/> a second until its RLIMIT_NPROC (<see cref="Nproc"/>)
/// refuses one (~80 s), holds there, then a pids cgroup grows at the same rate until its pids.max
/// (<see cref="CgroupMax"/>) refuses a thread (~30 s), while <c>limittop --headless --record DIR</c> records; limittop
/// is then SIGKILLed. The test keeps its own record from /proc and the cgroup files all along (every ~100 ms), and
/// <c>--replay DIR --at T --once --json</c> at seven moments spread over the recording — before the growth, at a fifth,
/// half and four fifths of it, on the nproc plateau, half way up the cgroup and with the cgroup full — must show what
/// the test read then: the grower's threads, the uid's tasks and the cgroup's current (between the test's readings
/// around the recorded tick while they grow, exactly on a plateau), the cgroup's max, the critical findings and the
/// times of their events. Every wait is a condition; the deadlines only bound a hang.
/// </summary>
[Collection("survival")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RecordedScenarioTests(AotBuild build, ITestOutputHelper output)
{
    private const int Uid = 62828;
    private const int Nproc = 80;
    private const int Rate = 1;
    private const int CgroupMax = 30;

    private readonly List<Reading> _readings = [];

    private sealed record Reading(DateTimeOffset Time, int GrowerThreads, int UidTasks, long CgroupCurrent);

    [SkippableFact]
    public void A_replayed_moment_shows_what_proc_said_then()
    {
        Need.Root();
        Need.Platform(File.Exists("/sys/fs/cgroup/pids/cgroup.procs"), "the scenario's pids cgroup is made on cgroup v1 (/sys/fs/cgroup/pids)");
        Assert.True(Sh.TasksOfUid(Uid) == 0, $"uid {Uid} (this test's own) already has tasks on this machine");
        string dir = Directory.CreateTempSubdirectory("lt_w28_scenario_").FullName;
        string journal = Path.Combine(dir, "journal");
        Hog? grower = null, filler = null;
        PidsCgroup? cg = null;
        using var lt = HeadlessProcess.Start(build, ["--record", journal]);
        try
        {
            lt.WaitTicks(3, "a few ticks before the scenario");
            var before = DateTimeOffset.UtcNow;
            grower = Hog.AsUser(Uid, Nproc, build.Hog, "grow", Sh.Inv(Rate));
            grower.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), 30, "the grower to start");
            var growStart = DateTimeOffset.UtcNow;
            ReadUntil(() => grower.Lines.Any(l => l.StartsWith("full", StringComparison.Ordinal)), grower.Pid, null, "the grower to hit its nproc limit");
            var full = DateTimeOffset.UtcNow;
            lt.WaitTicks(4, "the plateau recorded");
            ReadFor(grower.Pid, null, 5);

            cg = PidsCgroup.Create("lt_w28_rec_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), CgroupMax);
            var fillStart = DateTimeOffset.UtcNow;
            filler = cg.Start(build.Hog, "grow", Sh.Inv(Rate));
            ReadUntil(() => cg.Current >= CgroupMax, grower.Pid, cg, "the cgroup to fill");
            var filled = DateTimeOffset.UtcNow;
            lt.WaitTicks(4, "the full cgroup recorded");
            ReadFor(grower.Pid, cg, 5);

            // The journal holds what was written (whole blocks: one a minute, and one at each event); wait for a tick
            // past the cgroup's plateau to be on disk, then kill limittop the hard way.
            Eventually.Until(() => RecordedEnd(journal) is { } end && end >= filled.AddSeconds(3), "the journal to hold ticks after the cgroup filled",
                TimeSpan.FromSeconds(150), pollMs: 500, state: () => lt.Stderr);
            _ = Sh.Run("kill", ["-KILL", Sh.Inv(lt.Pid)]);
            Eventually.Until(() => !Sh.Alive(lt.Pid), "limittop to die of SIGKILL");
            output.WriteLine($"recorded {before:HH:mm:ss} .. {filled:HH:mm:ss} ({(filled - before).TotalSeconds:0} s): grow {growStart:HH:mm:ss}..{full:HH:mm:ss}, cgroup {fillStart:HH:mm:ss}..{filled:HH:mm:ss}");

            // T0: before the grower: the uid has no task.
            var t0 = Moment(journal, before);
            Assert.True(t0.Time <= growStart, $"a tick before the growth: {t0.Time:O}");
            Assert.Equal(0, t0.UserTasks(Uid) ?? 0); // (the test saw none before it started the grower)

            // T1..T3: a fifth, half and four fifths into the growth (the figures move: the recorded ones lie between the
            // test's readings around the tick), each later moment higher than the one before.
            int last = 0;
            foreach (double part in new[] { 0.2, 0.5, 0.8 })
            {
                var m = Moment(journal, growStart + ((full - growStart) * part));
                var (lo, hi) = Bracket(m.Time, r => r.GrowerThreads);
                Assert.InRange(m.GrowerThreads(grower.Pid), lo, hi);
                (lo, hi) = Bracket(m.Time, r => r.UidTasks);
                Assert.InRange(m.UserTasks(Uid)!.Value, lo, hi);
                Assert.True(m.GrowerThreads(grower.Pid) > last, $"the growth recorded: {m.GrowerThreads(grower.Pid)} threads at {part:P0} after {last}");
                last = m.GrowerThreads(grower.Pid);
                output.WriteLine($"T {part:P0} {m.Time:HH:mm:ss.fff}: grower threads {m.GrowerThreads(grower.Pid)} (proc said {lo}..{hi})");
            }

            // T4: the nproc plateau, before the cgroup: exact.
            var plateau = Moment(journal, fillStart.AddSeconds(-1));
            Assert.True(plateau.Time > full, $"a tick on the plateau: {plateau.Time:O} after {full:O}");
            Assert.Equal(Nproc, plateau.GrowerThreads(grower.Pid));
            Assert.Equal(Nproc, plateau.UserTasks(Uid));
            Assert.Equal((int?)Exactly(plateau.Time, r => r.UidTasks), plateau.UserTasks(Uid));
            Assert.Equal("critical", plateau.Severity("user:", "nproc"));

            // T5: half way up the cgroup: its current between the test's readings, its max exact.
            var half = Moment(journal, fillStart + ((filled - fillStart) / 2));
            var (current, max) = half.Cgroup(cg.Relative);
            var (clo, chi) = Bracket(half.Time, r => r.CgroupCurrent);
            Assert.InRange(current, clo, chi);
            Assert.InRange(current, 1, CgroupMax - 1);
            Assert.Equal(CgroupMax, max);
            output.WriteLine($"T cgroup half {half.Time:HH:mm:ss.fff}: {current}/{max} (proc said {clo}..{chi})");

            // T6: the cgroup full.
            var after = Moment(journal, filled.AddSeconds(2));
            (current, max) = after.Cgroup(cg.Relative);
            Assert.Equal(Exactly(after.Time, r => r.CgroupCurrent), current);
            Assert.Equal(CgroupMax, current);
            Assert.Equal(CgroupMax, max);
            Assert.Equal("critical", after.Severity("cgroup:" + cg.Relative, "pids.max"));
            Assert.Equal(Nproc, after.UserTasks(Uid));

            // The events, with their times: the nproc limit turned critical while the grower grew, the cgroup when it filled.
            var nprocEvent = after.Event("critical", "user:", "nproc");
            Assert.InRange(nprocEvent, growStart, plateau.Time);
            var cgEvent = after.Event("critical", "cgroup:" + cg.Relative, "pids.max");
            Assert.InRange(cgEvent, fillStart, after.Time);
            output.WriteLine($"events: nproc critical at {nprocEvent:HH:mm:ss.fff} (grow {growStart:HH:mm:ss.fff}..{full:HH:mm:ss.fff}), cgroup at {cgEvent:HH:mm:ss.fff} (fill {fillStart:HH:mm:ss.fff})");

            var events = Sh.Run(build.Limittop, ["--replay", journal, "--events"]);
            Assert.Equal(0, events.ExitCode);
            Assert.Contains("pids.max critical", events.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            filler?.Dispose();
            grower?.Dispose();
            cg?.Dispose();
            lt.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    private void ReadUntil(Func<bool> done, int grower, PidsCgroup? cg, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!done())
        {
            Read(grower, cg);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(300), "no " + what + " within 300 s"); // bounds a hang (the growth takes ~80 s)
            Thread.Sleep(100); // the test's own sampling period, not a stand-in for a tick
        }

        Read(grower, cg);
    }

    /// <summary>Readings for <paramref name="seconds"/> more (what the test compares a replayed tick with).</summary>
    private void ReadFor(int grower, PidsCgroup? cg, double seconds)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(seconds);
        ReadUntil(() => DateTimeOffset.UtcNow >= until, grower, cg, "time to pass"); // the readings' span, not a tick
    }

    private void Read(int grower, PidsCgroup? cg)
    {
        var t0 = DateTimeOffset.UtcNow;
        int threads = (int)(Sh.Status(grower, "Threads") ?? -1);
        int tasks = Sh.TasksOfUid(Uid);
        long current = cg?.Current ?? 0;
        _readings.Add(new Reading(t0, threads, tasks, current));
    }

    /// <summary>The smallest and largest of the test's readings from the last one before <paramref name="t"/> to the first after it.</summary>
    private (long Lo, long Hi) Bracket(DateTimeOffset t, Func<Reading, long> figure)
    {
        int before = _readings.FindLastIndex(r => r.Time <= t);
        int after = _readings.FindIndex(r => r.Time >= t);
        Assert.True(before >= 0 && after >= 0, $"the test read /proc around {t:O}");
        var span = _readings.GetRange(before, after - before + 1).Select(figure).ToList();
        return (span.Min(), span.Max());
    }

    private long Exactly(DateTimeOffset t, Func<Reading, long> figure)
    {
        var (lo, hi) = Bracket(t, figure);
        Assert.True(lo == hi, $"the figure was steady around {t:O} ({lo}..{hi})");
        return lo;
    }

    private DateTimeOffset? RecordedEnd(string journal)
    {
        var r = Sh.Run(build.Limittop, ["--replay", journal, "--once", "--json"]);
        if (r.ExitCode != 0)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.GetProperty("takenAt").GetDateTimeOffset();
    }

    private RecordedMoment Moment(string journal, DateTimeOffset at)
    {
        string stamp = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var r = Sh.Run(build.Limittop, ["--replay", journal, "--at", stamp, "--once", "--json"]);
        Assert.True(r.ExitCode == 0, $"--replay --at {stamp}: exit {r.ExitCode}: {r.Stderr}");
        return new RecordedMoment(JsonDocument.Parse(r.Stdout).RootElement.Clone());
    }

    /// <summary>One recorded moment as <c>--replay --at T --once --json</c> printed it (schema limittop.snapshot/1).</summary>
    private sealed class RecordedMoment(JsonElement root)
    {
        public DateTimeOffset Time => root.GetProperty("takenAt").GetDateTimeOffset();

        public int GrowerThreads(int pid)
            => root.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("pid").GetInt32() == pid).GetProperty("threads").GetInt32();

        /// <summary>The uid's tasks, null when the uid has none (no row).</summary>
        public int? UserTasks(int uid)
            => root.GetProperty("users").EnumerateArray().Where(u => u.GetProperty("uid").GetInt32() == uid).Select(u => (int?)u.GetProperty("tasks").GetInt32()).SingleOrDefault();

        public (long Current, long Max) Cgroup(string path)
        {
            var c = root.GetProperty("cgroups").EnumerateArray().Single(c => c.GetProperty("path").GetString() == path);
            return (c.GetProperty("pidsCurrent").GetInt64(), c.GetProperty("pidsMax").GetInt64());
        }

        public string? Severity(string scope, string limit)
            => root.GetProperty("diagnosis").EnumerateArray().FirstOrDefault(f => Matches(f, scope, limit)) is { ValueKind: JsonValueKind.Object } f
                ? f.GetProperty("severity").GetString() : null;

        public DateTimeOffset Event(string kind, string scope, string limit)
        {
            var e = root.GetProperty("events").EnumerateArray()
                .Where(e => e.GetProperty("kind").GetString() == kind && Matches(e, scope, limit)).ToList();
            Assert.True(e.Count > 0, $"a recorded {kind} event of {scope} {limit}: {root.GetProperty("events")}");
            return e[0].GetProperty("time").GetDateTimeOffset();
        }

        /// <summary>A scope ending in ':' matches this test's uid's user scope whatever its name ("user:62828" here, no passwd entry).</summary>
        private static bool Matches(JsonElement e, string scope, string limit)
            => e.GetProperty("limit").GetString() == limit && (scope.EndsWith(':')
                ? e.GetProperty("scope").GetString() is { } s && s.StartsWith(scope, StringComparison.Ordinal) && s.Contains(Uid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                : e.GetProperty("scope").GetString() == scope);
    }
}
