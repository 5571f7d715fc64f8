using LimitTop.Recording;
using LimitTop.Core.Model;
using LimitTop.Headless;

namespace LimitTop.Tests.Witness;

/// <summary>
/// The flight recorder dumps on the first refusals of a burst (the witness's refusal-burst event), not on each
/// per-second refused line: a storm is one trigger, within the recorder's existing rate limit.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RecorderTriggerTests
{
    [Fact]
    public void A_refusal_burst_triggers_a_dump_and_refused_lines_do_not()
    {
        var t = Snapshots.Now;
        var burst = new TrendEvent(t, TrendEvent.RefusalBurst, Scope.Pid(4242), LimitKind.Nproc, 26, 4242, "myapp");
        var lines = Enumerable.Range(0, 100).Select(i => new TrendEvent(t.AddSeconds(i), TrendEvent.Refused, Scope.Pid(4242, "myapp"), LimitKind.Nproc, 3, 4242, "myapp")).ToList();
        Assert.Equal(["pid:4242 nproc"], FlightRecorder.Triggers([burst, .. lines]));
        Assert.Empty(FlightRecorder.Triggers(lines));
        Assert.Empty(FlightRecorder.Triggers([new TrendEvent(t, TrendEvent.KernelLog, Scope.System, EventLimit.Parse("oom-kill"), 1, null, null)]));
    }
}
