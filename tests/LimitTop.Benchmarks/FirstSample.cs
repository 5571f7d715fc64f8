using System.Diagnostics;
using System.Globalization;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Sockets;

namespace LimitTop.Benchmarks;

/// <summary>
/// <c>first [N]</c>: where a fresh sampler's first samples spend their time, on the machine as it is (start the load
/// first). Each part (thread CPU time) is timed with a new instance, N times after one untimed round (so the JIT is not counted):
/// the whole Sampler (first, second, third sample), the process part alone (sockets off), and the socket parts alone
/// (full walk; full walk + fd scan; counter tick).
/// </summary>
internal static class FirstSample
{
    public static void Run(int n)
    {
        int[] pids = [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(x => x!.All(char.IsAsciiDigit)).Select(x => int.Parse(x!, CultureInfo.InvariantCulture))];
        for (int round = 0; round <= n; round++)
        {
            string tag = round == 0 ? "warm-up" : $"round {round}";
            var parts = new List<string>();

            var w = Stopwatch.StartNew();
            using (var sampler = new Sampler(ProcRoot.Default))
            {
                parts.Add($"ctor {Ms(w)}");
                var s1 = Time(sampler.Sample, out double t1);
                var s2 = Time(sampler.Sample, out double t2);
                var s3 = Time(sampler.Sample, out double t3);
                parts.Add($"Sampler 1st {t1:0.0} (cpu {s1.SampleCpu.TotalMilliseconds:0.0}) 2nd {t2:0.0} 3rd {t3:0.0}");
                parts.Add($"[{s1.Processes.Count} procs, {s1.System.Tasks} tasks, tcp {s1.Sockets?.Tcp.Total}, scan1 {(s1.Sockets?.ProcessScanAge is null ? "pending" : "done")}, scan2 {(s2.Sockets?.ProcessScanAge is null ? "pending" : "done")}]");
            }

            using (var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { Sockets = new SocketSamplerOptions { CheapFirstSample = false } }))
            {
                Time(sampler.Sample, out double t1);
                Time(sampler.Sample, out double t2);
                parts.Add($"as before (CheapFirstSample off) 1st {t1:0.0} 2nd {t2:0.0}");
            }

            using (var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { Sockets = null }))
            {
                Time(sampler.Sample, out double t1);
                Time(sampler.Sample, out double t2);
                parts.Add($"no-sockets 1st {t1:0.0} 2nd {t2:0.0}");
            }

            using (var so = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { ScanProcesses = false, FullScanEveryTickBelow = int.MaxValue }))
            {
                Time(() => so.Sample(pids), out double t);
                parts.Add($"full walk {t:0.0}");
            }

            using (var so = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { FullScanEveryTickBelow = int.MaxValue, CheapFirstSample = false }))
            {
                Time(() => so.Sample(pids), out double t);
                parts.Add($"walk+scan at once {t:0.0}");
            }

            using (var so = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { FullScanEveryTickBelow = int.MaxValue }))
            {
                // (with the cheap first sample the scan runs on the second one; time both)
                Time(() => so.Sample(pids), out double a);
                Time(() => so.Sample(pids), out double b);
                parts.Add($"walk+scan 1st {a:0.0} 2nd {b:0.0}");
            }

            using (var so = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { ScanProcesses = false, FullScanEveryTickBelow = 0, SmallStatesInterval = TimeSpan.Zero, FullScanInterval = TimeSpan.FromDays(1) }))
            {
                Time(() => so.Sample(pids), out double a);
                Time(() => so.Sample(pids), out double b);
                parts.Add($"counter-path sampler 1st {a:0.0} 2nd {b:0.0}");
            }

            Console.WriteLine($"{tag}: " + string.Join("; ", parts) + " (ms of thread CPU)");
        }
    }

    /// <summary>Thread CPU time of <paramref name="f"/> in ms (wall time is meaningless on a busy 2-core machine).</summary>
    private static T Time<T>(Func<T> f, out double ms)
    {
        var c0 = Clocks.ThreadCpu;
        var r = f();
        ms = (Clocks.ThreadCpu - c0).TotalMilliseconds;
        return r;
    }

    private static string Ms(Stopwatch w) => w.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
}
