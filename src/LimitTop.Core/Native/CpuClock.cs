using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Native;

/// <summary>CPU time consumed by the calling thread / the whole process (clock_gettime, no allocation).</summary>
public static unsafe class CpuClock
{
    private const int SysClockGettime = 228;
    private const int ClockProcessCputimeId = 2;
    private const int ClockThreadCputimeId = 3;

    public static TimeSpan Thread => Read(ClockThreadCputimeId);

    public static TimeSpan Process => Read(ClockProcessCputimeId);

    private static TimeSpan Read(int clock)
    {
        long* ts = stackalloc long[2];
        if ((long)syscall(SysClockGettime, clock, ts) != 0)
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.FromTicks((ts[0] * TimeSpan.TicksPerSecond) + (ts[1] / 100));
    }
}
