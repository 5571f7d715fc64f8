using static Tmds.Linux.LibC;

namespace LimitTop.Core.Witness;

/// <summary>CLOCK_MONOTONIC, the clock of the trace instance (trace_clock mono) and of /dev/kmsg timestamps.</summary>
internal static unsafe class MonotonicClock
{
    private const int SysClockGettime = 228;
    private const int ClockMonotonic = 1;

    public static double Seconds
    {
        get
        {
            long* ts = stackalloc long[2];
            return (long)syscall(SysClockGettime, ClockMonotonic, ts) != 0 ? 0 : ts[0] + (ts[1] / 1e9);
        }
    }

    /// <summary>The wall time of a monotonic instant, given the loop's wall clock <paramref name="now"/>.</summary>
    public static DateTimeOffset ToWall(double monotonicSeconds, DateTimeOffset now, double monotonicNow)
    {
        double ago = Math.Clamp(monotonicNow - monotonicSeconds, 0, 86400);
        return now - TimeSpan.FromSeconds(ago);
    }
}
