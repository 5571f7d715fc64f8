using LimitTop.Core.Actions;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Native;

namespace LimitTop.Core.Tests.Sampling;

/// <summary>
/// A real refusal, in this process: with its soft RLIMIT_NOFILE lowered to 0 every new fd fails with EMFILE
/// (docs/kernel-limits.md §8). The sampler keeps going from the /proc directory it holds and says the list is
/// incomplete; what .NET itself throws for EMFILE is what <see cref="Sampler.IsRefusal"/> catches. Runs alone
/// (the "live" collection is not parallel): nothing else in this process may open a file meanwhile.
/// </summary>
[Collection("live")]
public sealed class FdRefusalTests
{
    private const int RlimitNofile = 7;

    [Fact]
    public void Out_of_fds_the_sample_is_incomplete_not_failed_and_dotnets_EMFILE_is_a_refusal()
    {
        using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { Sockets = null });
        var before = sampler.Sample();
        Assert.DoesNotContain(before.Warnings, w => w.Contains("EMFILE", StringComparison.Ordinal));

        var sys = LinuxActionSyscalls.Instance;
        Assert.Equal(0, sys.Prlimit(0, RlimitNofile, null, out var saved));
        bool ok;
        Snapshot? starved;
        string? problem;
        Exception? dotnet = null;
        try
        {
            Assert.Equal(0, sys.Prlimit(0, RlimitNofile, new RLimit64(0, saved.Max), out _));
            ok = sampler.TrySample(out starved, out problem);
            try
            {
                _ = File.ReadAllBytes("/proc/self/status");
            }
            catch (IOException e)
            {
                dotnet = e;
            }
        }
        finally
        {
            Assert.Equal(0, sys.Prlimit(0, RlimitNofile, saved, out _));
        }

        Assert.True(ok, problem);
        string warning = Assert.Single(starved!.Warnings, w => w.Contains("processes unreadable", StringComparison.Ordinal));
        Assert.Contains("EMFILE", warning, StringComparison.Ordinal);
        Assert.Contains("shown with older values", warning, StringComparison.Ordinal);
        // The rows read before stand in (processes that exited or started meanwhile aside).
        Assert.InRange(starved.Processes.Count, before.Processes.Count - 30, before.Processes.Count + 30);

        Assert.NotNull(dotnet);
        Assert.Equal(Errno.EMFILE, dotnet.HResult);
        Assert.True(Sampler.IsRefusal(dotnet));

        var after = sampler.Sample();
        Assert.DoesNotContain(after.Warnings, w => w.Contains("EMFILE", StringComparison.Ordinal));
    }
}
