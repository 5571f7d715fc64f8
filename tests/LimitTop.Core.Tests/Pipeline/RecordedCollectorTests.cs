using LimitTop.Core.Model;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Tests.Pipeline;

/// <summary>
/// A replay feeds the collector recorded snapshots (issue 28): finished already, so no stage runs on them, their
/// diagnosis, events and refusals are the recording's (not re-derived), a step forward reports the events it brings,
/// and a step back starts the history afresh.
/// </summary>
public sealed class RecordedCollectorTests
{
    private sealed class CountingStage : ITickStage
    {
        public int Runs { get; private set; }

        public Snapshot Apply(Snapshot raw, EventLog events)
        {
            Runs++;
            return raw;
        }
    }

    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 3, 14, 0, TimeSpan.Zero);

    private static Snapshot Recorded(int second, params TrendEvent[] events)
    {
        var s = Snapshots.Make([Snapshots.Proc(10, 4000, nprocSoft: 4096)], seq: 100 + second);
        return s with
        {
            TakenAt = T0.AddSeconds(second),
            Events = events,
            Diagnosis = [s.Diagnosis[0] with { Message = "as recorded " + second }, .. s.Diagnosis.Skip(1)],
            Refusals = new RefusalSummary(WitnessStatus.Disabled, WitnessStatus.Disabled, second, 0, 0, [], [], [], [], [], []),
        };
    }

    [Fact]
    public void Recorded_snapshots_pass_through_as_they_were_recorded()
    {
        var stage = new CountingStage();
        var collector = new Collector { Recorded = true };
        collector.Add(stage);
        var critical = new TrendEvent(T0.AddSeconds(1), TrendEvent.Critical, Scope.User("alice"), LimitKind.Nproc, 4000, 10, "proc10");

        var first = collector.Accept(Recorded(0));
        var second = collector.Accept(Recorded(1, critical));

        Assert.Equal(0, stage.Runs);
        Assert.Equal("as recorded 1", second.Snapshot.Diagnosis[0].Message);
        Assert.Equal(1, second.Snapshot.Refusals!.Total);
        Assert.Empty(first.NewEvents);
        Assert.Equal(critical, Assert.Single(second.NewEvents));
        Assert.Equal(critical, Assert.Single(second.Snapshot.Events));
        Assert.Contains(first.Snapshot, collector.History.Before(second.Snapshot));

        var back = collector.Accept(Recorded(0));
        Assert.Empty(back.NewEvents);
        Assert.Equal(1, collector.History.Count); // the step back cleared the history; only itself is in it now
        Assert.Same(back.Snapshot, collector.Latest);
    }
}
