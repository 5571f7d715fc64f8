using LimitTop.Core.Model;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Pipeline;

/// <summary>
/// A step between the source and the analysis that adds what the sampler does not read: the cgroups' names
/// (Core/Naming), the refusals the kernel reported (Core/Witness). Stages run in the order they were added, on the
/// loop's thread, before the diagnosis (so a finding can lead with what a stage added); a recording replayed carries
/// their results already and runs none. A stage may add lines to the event log.
/// </summary>
public interface ITickStage
{
    /// <summary>The snapshot with this stage's additions (a <c>with</c> copy, or <paramref name="raw"/> unchanged).</summary>
    Snapshot Apply(Snapshot raw, EventLog events);
}
