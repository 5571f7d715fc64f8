namespace LimitTop.Core.Procfs;

/// <summary>/proc/loadavg: "0.00 0.01 0.05 RUNNING/TOTAL LASTPID".</summary>
public readonly record struct LoadAvg(double Load1, double Load5, double Load15, long Running, long Tasks);

/// <summary>Fields of /proc/meminfo limittop uses, in bytes.</summary>
public readonly record struct MemInfo(long? CommitLimitBytes, long? CommittedAsBytes, long? MemTotalBytes, long? MemAvailableBytes = null);

/// <summary>The first line of /proc/stat in clock ticks: all CPU time, and the part not idle (idle and iowait are idle).</summary>
public readonly record struct CpuTimes(long Busy, long Total);

public static class SystemFileParsers
{
    public static bool TryParseLoadAvg(ReadOnlySpan<byte> s, out LoadAvg load)
    {
        load = default;
        if (!Parse.TryDouble(Parse.NextField(ref s), out double l1)
            || !Parse.TryDouble(Parse.NextField(ref s), out double l5)
            || !Parse.TryDouble(Parse.NextField(ref s), out double l15))
        {
            return false;
        }

        var rt = Parse.NextField(ref s);
        int slash = rt.IndexOf((byte)'/');
        if (slash <= 0 || !Parse.TryLong(rt[..slash], out long running) || !Parse.TryLong(rt[(slash + 1)..], out long tasks))
        {
            return false;
        }

        load = new LoadAvg(l1, l5, l15, running, tasks);
        return true;
    }

    /// <summary>/proc/sys/fs/file-nr: "allocated 0 max".</summary>
    public static bool TryParseFileNr(ReadOnlySpan<byte> s, out long allocated, out long max)
    {
        allocated = max = 0;
        var a = Parse.NextField(ref s);
        _ = Parse.NextField(ref s);
        var m = Parse.NextField(ref s);
        return Parse.TryLong(a, out allocated) && Parse.TryLong(m, out max);
    }

    public static MemInfo ParseMemInfo(ReadOnlySpan<byte> s)
    {
        long? commitLimit = null, committed = null, total = null, available = null;
        while (Parse.NextLine(ref s, out var line))
        {
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon];
            var rest = line[(colon + 1)..];
            if (!Parse.TryLong(Parse.NextField(ref rest), out long kb))
            {
                continue;
            }

            if (key.SequenceEqual("CommitLimit"u8))
            {
                commitLimit = kb * 1024;
            }
            else if (key.SequenceEqual("Committed_AS"u8))
            {
                committed = kb * 1024;
            }
            else if (key.SequenceEqual("MemTotal"u8))
            {
                total = kb * 1024;
            }
            else if (key.SequenceEqual("MemAvailable"u8))
            {
                available = kb * 1024;
            }
        }

        return new MemInfo(commitLimit, committed, total, available);
    }

    /// <summary>
    /// The "cpu " line of /proc/stat: user nice system idle iowait irq softirq steal (guest time is already in user
    /// and nice, so it is not added again); htop's CPU% is Δbusy / Δtotal between two reads (proc(5)).
    /// </summary>
    public static bool TryParseCpuTimes(ReadOnlySpan<byte> s, out CpuTimes cpu)
    {
        cpu = default;
        if (!Parse.NextLine(ref s, out var line) || !Parse.NextField(ref line).SequenceEqual("cpu"u8))
        {
            return false;
        }

        long total = 0, idle = 0;
        for (int i = 0; i < 8; i++)
        {
            var f = Parse.NextField(ref line);
            if (f.IsEmpty && i >= 4)
            {
                break; // kernels before 2.6.11 stop after iowait or irq
            }

            if (!Parse.TryLong(f, out long v))
            {
                return false;
            }

            total += v;
            if (i is 3 or 4)
            {
                idle += v;
            }
        }

        cpu = new CpuTimes(total - idle, total);
        return true;
    }

    /// <summary>/proc/uptime: "SECONDS IDLE".</summary>
    public static bool TryParseUptime(ReadOnlySpan<byte> s, out TimeSpan uptime)
    {
        uptime = default;
        if (!Parse.TryDouble(Parse.NextField(ref s), out double secs))
        {
            return false;
        }

        uptime = TimeSpan.FromSeconds(secs);
        return true;
    }
}
