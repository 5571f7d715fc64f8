using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;

namespace LimitTop.Benchmarks;

/// <summary>
/// One full snapshot of the live machine. <c>Load=field</c> first starts the field report's load: 10 processes
/// × 1,632 threads (ltchild from tests/LimitTop.Core.Tests/Live, run as uid 65534 so the per-user sum has work),
/// <c>Load=idle</c> samples the machine as it is. Run as root:
/// <c>dotnet run -c Release --project tests/LimitTop.Benchmarks -- --filter '*SamplerBenchmark*' --job short</c>
/// </summary>
[MemoryDiagnoser]
public class SamplerBenchmark
{
    private readonly List<Process> _load = [];
    private Sampler _sampler = null!;
    private TimeSpan _cpu;
    private int _samples;

    [Params("idle", "field")]
    public string Load { get; set; } = "idle";

    [GlobalSetup]
    public void Setup()
    {
        if (Load == "field")
        {
            FieldLoad.Start(_load, processes: 10, threads: 1632);
        }

        _sampler = new Sampler(ProcRoot.Default);
        var first = _sampler.Sample();
        Console.WriteLine($"// load {Load}: {first.System.Tasks} tasks, {first.Processes.Count} processes; fd count from st_size: {_sampler.FdCountFromStat}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_samples > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// load {Load}: sampler thread CPU per snapshot {_cpu.TotalMilliseconds / _samples:0.000} ms over {_samples} snapshots"));
        }

        _sampler.Dispose();
        FieldLoad.Stop(_load);
    }

    [Benchmark]
    public object Sample()
    {
        var s = _sampler.Sample();
        _cpu += s.SampleCpu;
        _samples++;
        return s;
    }
}

/// <summary>Starts and stops the benchmark load (processes that only hold sleeping threads).</summary>
public static class FieldLoad
{
    public static void Start(List<Process> started, int processes, int threads)
    {
        string bin = Compile();
        for (int i = 0; i < processes; i++)
        {
            var psi = new ProcessStartInfo("setpriv") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", bin, threads.ToString(CultureInfo.InvariantCulture), "0", "0", "myapp" })
            {
                psi.ArgumentList.Add(a);
            }

            var p = Process.Start(psi)!;
            started.Add(p);
            string? ready = p.StandardOutput.ReadLine();
            if (ready is null || !ready.StartsWith("ready", StringComparison.Ordinal))
            {
                Stop(started);
                throw new InvalidOperationException($"load process {i} did not start: {ready}");
            }
        }
    }

    public static void Stop(List<Process> started)
    {
        foreach (var p in started)
        {
            try
            {
                p.Kill();
                p.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
            }

            p.Dispose();
        }

        started.Clear();
    }

    private static string Compile()
    {
        string src = FindSource();
        string dir = Directory.CreateTempSubdirectory("limittop-load-").FullName;
        string bin = Path.Combine(dir, "ltchild");
        using (var cc = Process.Start("cc", ["-O2", "-pthread", "-o", bin, src]))
        {
            cc.WaitForExit();
            if (cc.ExitCode != 0)
            {
                throw new InvalidOperationException("cc failed on " + src);
            }
        }

        using (var chmod = Process.Start("chmod", ["755", dir]))
        {
            chmod.WaitForExit();
        }

        return bin;
    }

    private static string FindSource()
    {
        // BenchmarkDotNet runs a generated copy of this project from bin/; walk up to the repository.
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "LimitTop.Core.Tests", "Live", "ltchild.c");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/LimitTop.Core.Tests/Live/ltchild.c not found above " + AppContext.BaseDirectory);
    }
}
