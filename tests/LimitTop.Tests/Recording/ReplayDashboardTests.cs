using System.Globalization;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Recording;
using LimitTop.Core.Model;

namespace LimitTop.Tests.Recording;

/// <summary>
/// <c>limittop --replay DIR</c> in tmux (issue 28): on a journal written here (a user's grower climbing to its nproc
/// limit over five minutes, so the recording holds a critical event), the header says REPLAY and the recorded time;
/// [ ] step a tick, } a minute, e lists the events and Enter jumps to one, Space plays (+ faster), the filter works,
/// and k says it is unavailable in replay.
/// </summary>
public sealed class ReplayDashboardTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("lt_w28_replay_").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>300 ticks a second apart: three idle processes of alice and a grower whose threads climb to alice's nproc.</summary>
    internal static void WriteJournal(string dir, int ticks = 300)
    {
        var collector = new Collector();
        using var writer = new JournalWriter(dir, new SegmentInfo(Start, "testhost", "boot", "6.8.0", "test"));
        for (int i = 0; i < ticks; i++)
        {
            var procs = new List<ProcessSample>
            {
                Snapshots.Proc(100, 1, name: "idle-a"), Snapshots.Proc(101, 2, name: "idle-b"), Snapshots.Proc(102, 3, name: "idle-c"),
                Snapshots.Proc(200, 2000 + (i * 2100 / ticks), name: "grower", cmd: "/usr/bin/grower --fast"),
            };
            var s = Snapshots.Make(procs, seq: i + 1) with { TakenAt = Start.AddSeconds(i) };
            var tick = collector.Accept(s);
            writer.Append(RecordedTick.FromSnapshot(tick.Snapshot));
        }
    }

    [SkippableFact]
    public void Replay_steps_jumps_to_an_event_plays_filters_and_refuses_kill()
    {
        WriteJournal(_dir);
        using var reader = JournalReader.Open(_dir);
        var critical = reader.Events().First(e => e.Event.Kind == TrendEvent.Critical).Event;
        string criticalAt = critical.Time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

        using var tmux = Tmux.Start(160, 45);
        tmux.Type(Tmux.LimittopCommand + " --replay " + _dir + " --at '2026-12-07 03:01:00'");
        tmux.Keys("Enter");
        tmux.WaitFor("REPLAY 2026-12-07 03:01:00 UTC paused", 30);
        tmux.WaitFor("grower", 10);

        tmux.Keys("]");
        tmux.WaitFor("REPLAY 2026-12-07 03:01:01 UTC", 10);
        tmux.Keys("[");
        tmux.Keys("[");
        tmux.WaitFor("REPLAY 2026-12-07 03:00:59 UTC", 10);
        tmux.Keys("}");
        tmux.WaitFor("REPLAY 2026-12-07 03:01:59 UTC", 10);

        tmux.Keys("e");
        tmux.WaitFor("Recorded events", 10);
        tmux.WaitFor("nproc critical", 10);
        // the critical event is the only one of its kind: move onto it, then Enter jumps there
        for (int i = 0; i < 20 && !Selected(tmux.Capture()).Contains("nproc critical", StringComparison.Ordinal); i++)
        {
            string row = Selected(tmux.Capture());
            tmux.Keys(string.CompareOrdinal(row.Length >= 19 ? row[11..19] : "", criticalAt) < 0 ? "Down" : "Up");
        }

        tmux.Keys("Enter");
        tmux.WaitFor("REPLAY 2026-12-07 " + criticalAt + " UTC", 10);

        tmux.Keys("Space");
        tmux.WaitFor("▶ 1×", 10);
        tmux.Keys("+");
        tmux.WaitFor("▶ 10×", 10);
        string playing = tmux.Capture().Split('\n')[0];
        tmux.WaitFor(s => s.Split('\n')[0] != playing && s.Contains("▶ 10×", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the recorded time to move while playing");
        tmux.Keys("Space");
        tmux.WaitFor("UTC paused", 10);

        tmux.Keys("\\");
        tmux.Type("grower");
        tmux.Keys("Enter");
        string filtered = tmux.WaitFor(s => s.Contains("grower --fast", StringComparison.Ordinal) && !s.Contains("idle-a", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the filter to leave the grower alone");
        Assert.DoesNotContain("idle-b", filtered, StringComparison.Ordinal);

        tmux.Keys("k");
        tmux.WaitFor("unavailable in replay", 10);
        tmux.Keys("q");
        tmux.WaitForShell(10);
    }

    /// <summary>The picker's selected row (marked "> ").</summary>
    private static string Selected(string screen)
        => screen.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("> ", StringComparison.Ordinal))?[2..] ?? "";
}
