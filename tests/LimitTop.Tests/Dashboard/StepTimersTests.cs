using LimitTop.Core.Model;
using LimitTop.Dashboard;
using LimitTop.Frames;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

public sealed class StepTimersTests
{
    [Fact]
    public void Steps_run_when_due_and_stop_when_they_return_false()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var timers = new StepTimers();
        Assert.Null(timers.NextDeadline);
        int runs = 0;
        timers.Schedule(TimeSpan.FromMilliseconds(100), () => ++runs < 3, t0);
        Assert.Equal(t0.AddMilliseconds(100), timers.NextDeadline);
        Assert.False(timers.Tick(t0.AddMilliseconds(99)));
        Assert.True(timers.Tick(t0.AddMilliseconds(100)));
        Assert.Equal(t0.AddMilliseconds(200), timers.NextDeadline);
        Assert.True(timers.Tick(t0.AddMilliseconds(200)));
        Assert.True(timers.Tick(t0.AddMilliseconds(300)));
        Assert.Equal(3, runs);
        Assert.Equal(0, timers.Count);
        Assert.Null(timers.NextDeadline);
    }
}
