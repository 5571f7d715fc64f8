using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Native;

/// <summary>CPU time consumed by the calling thread (clock_gettime, no allocation): what one sample cost.</summary>
public static unsafe class CpuClock
{
    private const int SysClockGettime = 228;
    private const int ClockThreadCputimeId = 3;

    public static TimeSpan Thread
    {
        get
        {
            long* ts = stackalloc long[2];
            if ((long)syscall(SysClockGettime, ClockThreadCputimeId, ts) != 0)
            {
                return TimeSpan.Zero;
            }

            return TimeSpan.FromTicks((ts[0] * TimeSpan.TicksPerSecond) + (ts[1] / 100));
        }
    }
}
