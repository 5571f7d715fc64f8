using System.Diagnostics.CodeAnalysis;
using LimitTop.Core.Model;
using LimitTop.Core.Sampling;

namespace LimitTop.Core.Pipeline;

/// <summary>
/// Where a <see cref="Collector"/>'s ticks come from: the live kernel (<see cref="LiveSource"/>) or, later, a
/// recording played back. A source hands out raw snapshots (no diagnosis, no trends yet); the analysis and
/// everything that needs history are the collector's.
/// </summary>
public interface ITickSource : IDisposable
{
    /// <summary>
    /// The next snapshot, reading at least <paramref name="needs"/>; false with the reason when a refused resource
    /// (out of fds, memory, tasks) kept it from being taken — the last good one stays where it is.
    /// </summary>
    bool TryNext(ReadNeeds needs, [NotNullWhen(true)] out Snapshot? snapshot, [NotNullWhen(false)] out string? problem);
}
