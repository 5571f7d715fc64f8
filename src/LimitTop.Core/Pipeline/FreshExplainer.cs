using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Why;

namespace LimitTop.Core.Pipeline;

/// <summary>
/// <c>--why PID</c> without a running dashboard: one tick of a collector on the live (or fixture) tree — no fd,
/// socket or CPU reading, as the explanation needs none — and <see cref="Explainer"/> against it. The dashboard's
/// why panel explains against the snapshot it already has instead.
/// </summary>
public static class FreshExplainer
{
    public static WhyOutcome Explain(ProcRoot root, int pid)
    {
        using var collector = new Collector(new LiveSource(new Sampler(root, new SamplerOptions { ReadFds = false, Sockets = null })));
        collector.AlsoRead = ReadNeeds.None;
        collector.Add(new NamingStage(root)); // the pids cgroups named, for the checks and the limit's origin
        if (collector.Tick()?.Snapshot is not { } snapshot)
        {
            return new WhyOutcome(null, "the kernel refused the sample (out of file descriptors, memory or tasks)");
        }

        return Explainer.Explain(root, pid, snapshot);
    }
}
