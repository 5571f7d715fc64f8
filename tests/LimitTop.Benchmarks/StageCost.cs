using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Core.Native;
using LimitTop.Core.Naming;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Trends;

namespace LimitTop.Benchmarks;

/// <summary>
/// <c>stage [N]</c>: what the naming stage adds to a tick, side by side and interleaved (A B A B …, so a busy shared
/// machine loads both alike): the collector's tick on one live sample of this machine without the stage (A) and with
/// it (B); then the stage alone at 1 s ticks over 500 container cgroups with two processes each (NamerCost's tree).
/// Thread CPU per tick: median, min, max.
/// </summary>
internal static class StageCost
{
    public static void Run(int n)
    {
        using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { ReadFds = false });
        var raw = sampler.Sample();
        Console.WriteLine($"live sample: {raw.Processes.Count} processes, {raw.Cgroups.Count} pids cgroups");
        var without = new Collector();
        var with = new Collector();
        var stage = new NamingStage(ProcRoot.Default);
        with.Add(stage);
        var a = new double[n];
        var b = new double[n];
        var alone = new double[n];
        long seq = 0;
        Snapshot Next() => raw with { Sequence = ++seq, TakenAt = raw.TakenAt.AddSeconds(seq) };
        for (int i = 0; i < 5; i++)
        {
            without.Accept(Next());
            with.Accept(Next());
        }

        var log = new EventLog();
        for (int i = 0; i < n; i++)
        {
            a[i] = Cpu(() => without.Accept(Next()));
            b[i] = Cpu(() => with.Accept(Next()));
            alone[i] = Cpu(() => stage.Apply(raw, log));
        }

        Print("A: tick without the naming stage", a);
        Print("B: tick with the naming stage", b);
        Print("   the stage alone (live)", alone);

        string tree = Directory.CreateTempSubdirectory("lt_stage_bench_").FullName;
        try
        {
            string[] paths = NamerCost.Generate(tree);
            var root = new ProcRoot(Path.Combine(tree, "proc"), Path.Combine(tree, "sys"), Path.Combine(tree, "etc"));
            long clock = 0;
            var big = new NamingStage(root, StateRoots.Under(tree), () => clock);
            var cgroups = paths.Select(p => new CgroupUsage { Path = p, Version = 2, PidsCurrent = 2, PidsMax = 32 }).ToList();
            var processes = paths.SelectMany((p, i) => new[] { Proc(2 * i + 10, p), Proc(2 * i + 11, p) }).ToList();
            var snap = raw with { Cgroups = cgroups, Processes = processes };
            double first = Cpu(() => big.Apply(snap, log));
            var ticks = new double[n];
            var cached = new double[n];
            for (int i = 0; i < n; i++)
            {
                clock += 1000;
                ticks[i] = Cpu(() => big.Apply(snap, log)); // a fifth of the files due for their stamp check
                cached[i] = Cpu(() => big.Apply(snap, log)); // same instant: every name a dictionary hit
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"500 containers, 1,000 processes: first tick {first:0.000} ms (every file read once)"));
            Print("500 containers, 1 s ticks", ticks);
            Print("500 containers, no recheck due", cached);
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    private static ProcessSample Proc(int pid, string cgroup) => new()
    {
        Pid = pid, Ppid = 1, Uid = 0, Euid = 0, User = "root", Name = "sh", Cmdline = "sh", State = 'S', Threads = 1,
        Cgroup = cgroup, CgroupVersion = 2,
    };

    private static double Cpu(Action tick)
    {
        var c0 = Clocks.ThreadCpu;
        tick();
        return (Clocks.ThreadCpu - c0).TotalMilliseconds;
    }

    private static void Print(string name, double[] ms)
    {
        var s = (double[])ms.Clone();
        Array.Sort(s);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} median {s[s.Length / 2],7:0.000} ms  (min {s[0]:0.000}, max {s[^1]:0.000}, n {s.Length})"));
    }
}
