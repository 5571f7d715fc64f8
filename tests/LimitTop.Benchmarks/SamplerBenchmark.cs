using BenchmarkDotNet.Attributes;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;

namespace LimitTop.Benchmarks;

/// <summary>One full snapshot of the live machine, whatever load it carries at the time (see README).</summary>
[MemoryDiagnoser]
public class SamplerBenchmark
{
    private Sampler _sampler = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sampler = new Sampler(ProcRoot.Default);
        _sampler.Sample();
    }

    [GlobalCleanup]
    public void Cleanup() => _sampler.Dispose();

    [Benchmark]
    public object Sample() => _sampler.Sample();
}
