namespace LimitTop.Core.Model;

/// <summary>
/// Whether the kernel reports refused task creations to limittop, and if not, why — one sentence for the
/// screen, <c>--why</c> and <c>/metrics</c> (<c>limittop_witness_up</c> is <see cref="Up"/>).
/// </summary>
/// <param name="Up">True while the trace instance is open and its events enabled.</param>
/// <param name="Reason">A stable code for JSON and tests: up, disabled, not-root, no-tracefs, no-events, refused, read-only, error.</param>
/// <param name="Message">The sentence; when not up it ends by saying what is still counted.</param>
public sealed record WitnessStatus(bool Up, string Reason, string Message)
{
    /// <summary>What limittop still sees without the witness (docs/kernel-limits.md §5: pids.events).</summary>
    public const string Fallback = "refused forks are counted only where a pids cgroup counts them (pids.events)";

    public static WitnessStatus Disabled { get; } =
        new(false, "disabled", $"the refusal witness is off (--no-witness); {Fallback}");

    public static WitnessStatus Down(string reason, string why) => new(false, reason, $"no refusal witness: {why}; {Fallback}");
}
