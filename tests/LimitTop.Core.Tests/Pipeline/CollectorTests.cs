using System.Diagnostics.CodeAnalysis;
using LimitTop.Core.Model;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Sampling;
using LimitTop.Core.Trends;
using static LimitTop.Core.Tests.Trends.TrendWorld;

namespace LimitTop.Core.Tests.Pipeline;

/// <summary>The one tick composition: every sink gets the same finished tick; needs are the sinks' union; failures reach all.</summary>
public sealed class CollectorTests
{
    private sealed class ListSource(params Snapshot?[] ticks) : ITickSource
    {
        private int _next;

        public List<ReadNeeds> Asked { get; } = [];

        public bool TryNext(ReadNeeds needs, [NotNullWhen(true)] out Snapshot? snapshot, [NotNullWhen(false)] out string? problem)
        {
            Asked.Add(needs);
            snapshot = ticks[_next++];
            problem = snapshot is null ? "EMFILE" : null;
            return snapshot is not null;
        }

        public void Dispose()
        {
        }
    }

    private sealed class RecordingSink(ReadNeeds needs) : ITickSink
    {
        public List<CollectedTick> Ticks { get; } = [];

        public List<string> Failures { get; } = [];

        public ReadNeeds Needs { get; set; } = needs;

        public void OnTick(CollectedTick tick) => Ticks.Add(tick);

        public void OnFailed(string problem) => Failures.Add(problem);
    }

    private static CgroupUsage Cg(long rejected) => new()
    {
        Path = "/app.service", Version = 1, PidsCurrent = 5, PidsMax = 5, ForkRejections = rejected,
    };

    [Fact]
    public void Every_sink_gets_the_same_finished_tick_and_the_sample_reads_the_union_of_their_needs()
    {
        var procs = new[] { Proc(10, 1000, 5) };
        var source = new ListSource(At(0, procs, [Cg(0)]), null, At(2, procs, [Cg(3)]));
        using var collector = new Collector(source);
        var screen = new RecordingSink(ReadNeeds.FdCounts);
        var export = new RecordingSink(ReadNeeds.None);
        collector.Add(screen);
        collector.Add(export);

        Assert.NotNull(collector.Tick());
        export.Needs = ReadNeeds.All;
        Assert.Null(collector.Tick()); // refused: both sinks hear it, nothing is finished
        var third = collector.Tick()!;

        Assert.Equal([ReadNeeds.FdCounts, ReadNeeds.All, ReadNeeds.All], source.Asked);
        Assert.Equal(2, screen.Ticks.Count);
        Assert.Equal(screen.Ticks.Select(t => t.Snapshot), export.Ticks.Select(t => t.Snapshot));
        Assert.Equal(["EMFILE"], screen.Failures);
        Assert.Equal(["EMFILE"], export.Failures);
        Assert.Equal(2, collector.Ticks);

        // The tracker ran once per tick, before any sink: the cgroup's refusals are one new event, in the snapshot's log too.
        var e = Assert.Single(third.NewEvents, x => x.Kind == TrendEvent.ForkRejected);
        Assert.Equal(TrendEvent.ForkRejected, e.Kind);
        Assert.Equal(3, e.Count);
        Assert.Same(e, third.Snapshot.Events[^1]);
        Assert.DoesNotContain(screen.Ticks[0].NewEvents, x => x.Kind == TrendEvent.ForkRejected); // the first sighting is a baseline
    }

    [Fact]
    public void History_holds_the_minute_before_each_tick_not_the_tick_itself()
    {
        using var collector = new Collector();
        var sink = new RecordingSink(ReadNeeds.None);
        collector.Add(sink);
        for (int t = 0; t < 3; t++)
        {
            collector.Accept(At(t, [Proc(10, 1000, 5 + t)]));
        }

        var last = sink.Ticks[^1];
        Assert.Equal([1L, 2L], last.History.Before(last.Snapshot).Select(s => s.Sequence));
        Assert.Equal(3, collector.History.Count);
        Assert.Same(last.Snapshot, collector.Latest);
    }

    [Fact]
    public void A_collector_without_a_source_says_so_instead_of_ticking()
    {
        using var collector = new Collector();
        Assert.Throws<InvalidOperationException>(() => collector.Tick());
    }
}
