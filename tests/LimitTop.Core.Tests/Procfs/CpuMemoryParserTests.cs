using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;

namespace LimitTop.Core.Tests.Procfs;

/// <summary>Issue 25 (htop's meters): CPU% from /proc/stat deltas and memory used = MemTotal − MemAvailable.</summary>
public sealed class CpuMemoryParserTests
{
    [Fact]
    public void The_cpu_line_gives_busy_and_total_ticks_with_idle_and_iowait_as_idle()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice
        Assert.True(SystemFileParsers.TryParseCpuTimes("cpu  100 5 50 800 40 3 2 0 7 0\ncpu0 50 2 25 400 20 1 1 0 0 0\nintr 1\n"u8, out var t));
        Assert.Equal(new CpuTimes(100 + 5 + 50 + 3 + 2, 100 + 5 + 50 + 800 + 40 + 3 + 2), t); // guest is inside user already
        Assert.True(SystemFileParsers.TryParseCpuTimes("cpu 1 2 3 4\n"u8, out var old)); // before iowait existed
        Assert.Equal(new CpuTimes(6, 10), old);
        Assert.False(SystemFileParsers.TryParseCpuTimes("cpu0 1 2 3 4\n"u8, out _));
        Assert.False(SystemFileParsers.TryParseCpuTimes("cpu x 2 3 4\n"u8, out _));
    }

    [Fact]
    public void Meminfo_gives_mem_available()
    {
        var m = SystemFileParsers.ParseMemInfo("MemTotal:       8000000 kB\nMemFree:  1 kB\nMemAvailable:   6000000 kB\n"u8);
        Assert.Equal(8_000_000L * 1024, m.MemTotalBytes);
        Assert.Equal(6_000_000L * 1024, m.MemAvailableBytes);
    }

    [Fact]
    public void Live_cpu_percent_is_the_kernels_stat_delta_and_memory_matches_meminfo()
    {
        static (long Busy, long Total) Stat()
        {
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            long total = f.Sum();
            return (total - f[3] - f[4], total);
        }

        using var sampler = new Sampler(ProcRoot.Default);
        var a0 = Stat();
        var first = sampler.Sample();
        var a1 = Stat();
        Assert.Null(first.System.CpuPercent); // no delta yet
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Stat().Total - a1.Total < 400 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10); // waits for clock ticks to pass (the condition), the deadline only bounds a hang
        }

        var b0 = Stat();
        var second = sampler.Sample();
        var b1 = Stat();
        double pct = second.System.CpuPercent!.Value;
        // the sampler read /proc/stat between a0 and a1, then between b0 and b1: the kernel's own figures bracket it
        double lo = 100.0 * Math.Max(0, b0.Busy - a1.Busy) / (b1.Total - a0.Total);
        double hi = 100.0 * (b1.Busy - a0.Busy) / Math.Max(1, b0.Total - a1.Total);
        Assert.InRange(pct, lo - 0.01, Math.Min(100, hi) + 0.01);

        long memTotal = 0, memAvailable = 0;
        foreach (var l in File.ReadLines("/proc/meminfo"))
        {
            var p = l.Split(':', 2);
            if (p[0] == "MemTotal") memTotal = long.Parse(p[1].Trim().Split(' ')[0]) * 1024;
            if (p[0] == "MemAvailable") memAvailable = long.Parse(p[1].Trim().Split(' ')[0]) * 1024;
        }

        Assert.Equal(memTotal, second.System.MemTotalBytes);
        Assert.InRange(second.System.MemAvailableBytes!.Value, memAvailable - (64L << 20), memAvailable + (64L << 20));
    }
}
