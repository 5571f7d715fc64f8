namespace LimitTop.Core.Witness;

/// <summary>Turns CLOCK_MONOTONIC instants (trace lines, /dev/kmsg records) into wall time.</summary>
internal static class MonotonicClock
{
    /// <summary>The wall time of a monotonic instant, given the loop's wall clock <paramref name="now"/>.</summary>
    public static DateTimeOffset ToWall(double monotonicSeconds, DateTimeOffset now, double monotonicNow)
    {
        double ago = Math.Clamp(monotonicNow - monotonicSeconds, 0, 86400);
        return now - TimeSpan.FromSeconds(ago);
    }
}
