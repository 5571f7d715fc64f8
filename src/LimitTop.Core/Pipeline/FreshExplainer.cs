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
    public const string OneMoment = "--why alone witnesses one moment: the dashboard's why panel (Enter) and --headless count refusals over the last minute";

    public static WhyOutcome Explain(ProcRoot root, int pid)
    {
        using var collector = new Collector(new LiveSource(new Sampler(root, new SamplerOptions { ReadFds = false, Sockets = null })));
        collector.AlsoRead = ReadNeeds.None;
        collector.Add(new NamingStage(root)); // the pids cgroups named, for the checks and the limit's origin
        // The witness for this one moment: it says whether refusals can be witnessed here and why not (a refusal history
        // needs a running dashboard or --headless); its trace instance is removed before the explanation is printed.
        using var witness = WitnessStage.Start(true, root, new Witness.WitnessOptions { KernelLog = false });
        collector.Add(witness);
        if (collector.Tick()?.Snapshot is not { } snapshot)
        {
            return new WhyOutcome(null, "the kernel refused the sample (out of file descriptors, memory or tasks)");
        }

        var outcome = Explainer.Explain(root, pid, snapshot);
        return outcome.Explanation is { Witness.Up: true } ex
            ? outcome with { Explanation = ex with { Notes = [.. ex.Notes, OneMoment] } }
            : outcome;
    }
}
