using static Tmds.Linux.LibC;

namespace LimitTop.Core.Native;

/// <summary>The two clocks read with clock_gettime (a raw syscall, no allocation).</summary>
public static unsafe class Clocks
{
    private const int SysClockGettime = 228;
    private const int ClockMonotonic = 1;
    private const int ClockThreadCputimeId = 3;

    /// <summary>CPU time consumed by the calling thread: what one sample, stage or write cost.</summary>
    public static TimeSpan ThreadCpu => Read(ClockThreadCputimeId, out long s, out long ns) ? TimeSpan.FromTicks((s * TimeSpan.TicksPerSecond) + (ns / 100)) : TimeSpan.Zero;

    /// <summary>CLOCK_MONOTONIC in seconds: the clock of the trace instance (trace_clock mono) and of /dev/kmsg.</summary>
    public static double MonotonicSeconds => Read(ClockMonotonic, out long s, out long ns) ? s + (ns / 1e9) : 0;

    private static bool Read(int clock, out long seconds, out long nanoseconds)
    {
        long* ts = stackalloc long[2];
        bool ok = (long)syscall(SysClockGettime, clock, ts) == 0;
        seconds = ts[0];
        nanoseconds = ts[1];
        return ok;
    }
}
