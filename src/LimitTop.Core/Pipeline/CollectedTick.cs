using LimitTop.Core.Model;
using LimitTop.Core.Sampling;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Pipeline;

/// <summary>
/// What every sink gets per tick: the snapshot as the collector finished it (diagnosis ranked with forecasts, the
/// event log), the events this tick added (the recorder's triggers, the header's flash), the history of the last
/// minute (for a dump: <see cref="SnapshotHistory.Before"/>) and how long the sample took.
/// </summary>
public sealed record CollectedTick(Snapshot Snapshot, IReadOnlyList<TrendEvent> NewEvents, SnapshotHistory History, TimeSpan SampleTime);
