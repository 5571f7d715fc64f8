using LimitTop.Core.Sampling;

namespace LimitTop.Core.Pipeline;

/// <summary>
/// One consumer of the collector's ticks — the screen's store, the metrics/textfile export, the flight recorder —
/// fed the same <see cref="CollectedTick"/> (as dotnet-counters' renderers share one payload). A new output is a new
/// sink, not new wiring in each host. Sinks run on the loop's thread, in the order they were added.
/// </summary>
public interface ITickSink
{
    /// <summary>What this sink needs read from the next sample (asked before every tick; the collector reads the union).</summary>
    ReadNeeds Needs { get; }

    /// <summary>A new tick: the snapshot with its diagnosis, forecasts and events.</summary>
    void OnTick(CollectedTick tick);

    /// <summary>The tick's sample was refused by the kernel (the reason in words); the last good one stands.</summary>
    void OnFailed(string problem);
}
