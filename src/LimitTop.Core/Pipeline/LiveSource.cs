using System.Diagnostics.CodeAnalysis;
using LimitTop.Core.Model;
using LimitTop.Core.Sampling;

namespace LimitTop.Core.Pipeline;

/// <summary>The live kernel as a tick source: one <see cref="Sampler"/>, owned and disposed with the source.</summary>
public sealed class LiveSource : ITickSource
{
    public LiveSource(Sampler sampler) => Sampler = sampler;

    /// <summary>The sampler behind the source (actions take its cgroup filesystem; benchmarks its counters).</summary>
    public Sampler Sampler { get; }

    public bool TryNext(ReadNeeds needs, [NotNullWhen(true)] out Snapshot? snapshot, [NotNullWhen(false)] out string? problem)
    {
        Sampler.Needs = needs;
        return Sampler.TrySample(out snapshot, out problem);
    }

    public void Dispose() => Sampler.Dispose();
}
