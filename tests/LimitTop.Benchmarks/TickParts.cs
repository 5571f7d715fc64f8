using System.Globalization;
using LimitTop.Core.Analysis;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Sockets;

namespace LimitTop.Benchmarks;

/// <summary>
/// <c>parts [N]</c>: where one tick's CPU goes, part by part, on the machine as it is (start the load first). Each part
/// runs N times after one untimed round; printed is the median and the min–max of its thread CPU time in ms (thread
/// CPU, not wall time: the machine may be shared). The raw per-process reads are the floor of what the Sampler reads;
/// the socket parts are the SocketSampler's paths taken one at a time.
/// </summary>
internal static class TickParts
{
    public static void Run(int n)
    {
        int[] pids = Pids();
        using var proc = new FileReader("/proc");
        Console.WriteLine($"{pids.Length} processes, tasks {File.ReadAllText("/proc/loadavg").Split(' ')[3]}, sockets {File.ReadLines("/proc/net/sockstat").First(l => l.StartsWith("TCP:", StringComparison.Ordinal))}");

        Report("list /proc", n, () => Pids().Length);
        Report("stat (all pids)", n, () => ReadAll(proc, pids, "/stat"));
        Report("status (all pids)", n, () => ReadAll(proc, pids, "/status"));
        Report("limits (all pids)", n, () => ReadAll(proc, pids, "/limits"));
        Report("cmdline+cgroup (all)", n, () => ReadAll(proc, pids, "/cmdline") + ReadAll(proc, pids, "/cgroup"));
        Report("fstat fd dir (all)", n, () => StatAll(proc, pids, "/fd"));
        Report("fstat task dir (all)", n, () => StatAll(proc, pids, "/task"));

        using (var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { Sockets = null }))
        {
            Report("Sampler, no sockets", n, () => sampler.Sample().Processes.Count);
            var s = sampler.Sample();
            Console.WriteLine($"  (status files read per tick: {sampler.StatusReads} of {s.Processes.Count(p => !p.IsKernelThread)} user processes)");
            Report("  users aggregate", n, () => UserAggregator.Aggregate(s.Processes, static uid => uid.ToString(CultureInfo.InvariantCulture)).Count);
            var cg = new CgroupUsageReader(sampler.Cgroups);
            Report("  cgroups read", n, () => cg.Read(s.Processes).Count);
            Report("  diagnosis", n, () => DiagnosisBuilder.Build(s.System, s.Users, s.Cgroups, s.Processes).Count);
            Report("  GC gen1 after a tick", n, () =>
            {
                GC.Collect(1, GCCollectionMode.Forced, blocking: true, compacting: false);
                return 0;
            });
        }

        Report("sockstat", n, () => Len(proc, "net/sockstat"));
        Report("snmp", n, () => Len(proc, "net/snmp"));
        Report("netstat", n, () => Len(proc, "net/netstat"));
        Report("sysctls (tw, orphans, ports)", n, () => Len(proc, "sys/net/ipv4/tcp_max_tw_buckets") + Len(proc, "sys/net/ipv4/tcp_max_orphans")
            + Len(proc, "sys/net/ipv4/ip_local_port_range") + Len(proc, "sys/net/ipv4/ip_local_reserved_ports"));

        using (var so = Sockets(full: false, small: false))
        {
            Report("socket counter tick", n, () => so.Sample(pids).Tcp.Total);
        }

        using (var so = Sockets(full: false, small: true))
        {
            Report("socket small-states tick", n, () => so.Sample(pids).Tcp.Total);
        }

        using (var so = Sockets(full: true, small: true))
        {
            Report("socket full walk", n, () => so.Sample(pids).Tcp.Total);
        }

        using (var so = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { ProcessScanInterval = TimeSpan.Zero, ProcessRescanInterval = TimeSpan.Zero, FullScanEveryTickBelow = int.MaxValue }))
        {
            so.Sample(pids);
            Report("socket full walk + fd scan, every fd", n, () => so.Sample(pids).Tcp.Total);
        }

        using (var so = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { ProcessScanInterval = TimeSpan.Zero, FullScanEveryTickBelow = int.MaxValue }))
        {
            so.Sample(pids);
            int full = 0;
            Report("socket full walk + fd scan, checked", n, () =>
            {
                int t = so.Sample(pids).Tcp.Total;
                full += so.LastFullProcessScans;
                return t;
            });
            Console.WriteLine($"  (processes read in full per scan: {full / (double)(n + 1):0.0} of {pids.Length})");
        }

        using (var sampler = new Sampler(ProcRoot.Default))
        {
            Report("Sampler, default (per tick)", Math.Max(n, 20), () => sampler.Sample().Processes.Count);
        }
    }

    private static SocketSampler Sockets(bool full, bool small)
    {
        var so = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions
        {
            ScanProcesses = false,
            FullScanEveryTickBelow = full ? int.MaxValue : 0,
            FullScanInterval = TimeSpan.FromDays(1),
            SmallStatesInterval = small ? TimeSpan.Zero : TimeSpan.FromDays(1),
        });
        so.Sample();
        so.Sample(); // the first reads counters, the second walks everything: later ones are the path measured
        return so;
    }

    private static int[] Pids()
        => [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(x => x!.All(char.IsAsciiDigit)).Select(x => int.Parse(x!, CultureInfo.InvariantCulture))];

    private static int ReadAll(FileReader proc, int[] pids, string suffix)
    {
        Span<char> path = stackalloc char[ProcPath.MaxLength];
        int total = 0;
        foreach (int pid in pids)
        {
            total += proc.TryRead(ProcPath.Of(path, pid, suffix), out var c, out _) ? c.Length : 0;
        }

        return total;
    }

    private static int StatAll(FileReader proc, int[] pids, string suffix)
    {
        Span<char> path = stackalloc char[ProcPath.MaxLength];
        int total = 0;
        foreach (int pid in pids)
        {
            total += proc.TryStatSize(ProcPath.Of(path, pid, suffix), out long size, out _) ? (int)size : 0;
        }

        return total;
    }

    private static int Len(FileReader proc, string file) => proc.TryRead(file, out var c, out _) ? c.Length : 0;

    internal static void Report(string name, int n, Func<int> part)
    {
        // PARTS=substring runs only the matching parts (e.g. under perf record).
        if (Environment.GetEnvironmentVariable("PARTS") is { Length: > 0 } only && !name.Contains(only, StringComparison.Ordinal))
        {
            return;
        }

        part();
        var ms = new double[n];
        for (int i = 0; i < n; i++)
        {
            var c0 = Clocks.ThreadCpu;
            part();
            ms[i] = (Clocks.ThreadCpu - c0).TotalMilliseconds;
        }

        Array.Sort(ms);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-32} median {ms[n / 2],7:0.000} ms  (min {ms[0]:0.000}, max {ms[^1]:0.000}, n {n})"));
    }
}
