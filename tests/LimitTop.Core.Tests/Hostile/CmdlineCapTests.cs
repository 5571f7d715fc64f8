using System.Diagnostics;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;

namespace LimitTop.Core.Tests.Hostile;

/// <summary>
/// Issue 24, finding 2: a process's argv is its owner's to make huge. A 1.9 MB argv (an unprivileged uid's, as the
/// probe ran it) yields a command line of at most 4 KiB in the sample, cut with "…", and re-reading it gives the
/// very same string (so 60 s of snapshots hold one copy). Not timed.
/// </summary>
public sealed class CmdlineCapTests
{
    [Fact]
    public void A_huge_argv_is_capped_and_shared_across_samples()
    {
        // 19 arguments of 100,000 bytes (one argument may be at most 128 KiB; all of them at most ARG_MAX = 2 MB here).
        var psi = new ProcessStartInfo("setpriv") { UseShellExecute = false };
        foreach (string a in (string[])["--reuid", "65534", "--regid", "65534", "--clear-groups", "/bin/sh", "-c", "sleep 300; :", "lt_secmem_argv"])
        {
            psi.ArgumentList.Add(a);
        }

        for (int i = 0; i < 19; i++)
        {
            psi.ArgumentList.Add(new string((char)('a' + i), 100_000));
        }

        using var child = Process.Start(psi)!;
        try
        {
            Assert.True(Wait(() => File.Exists($"/proc/{child.Id}/cmdline") && File.ReadAllBytes($"/proc/{child.Id}/cmdline").Length > 1_900_000), "the child's argv is in place");

            using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { ReadFds = false, SlowInterval = TimeSpan.Zero });
            var first = sampler.Sample().Processes.Single(p => p.Pid == child.Id);
            var second = sampler.Sample().Processes.Single(p => p.Pid == child.Id);

            Assert.Equal(65534, first.Uid);
            Assert.True(first.Cmdline.Length <= CmdlineReader.MaxBytes + 1, $"{first.Cmdline.Length} chars");
            Assert.EndsWith(CmdlineReader.Truncated, first.Cmdline, StringComparison.Ordinal);
            Assert.StartsWith("/bin/sh -c sleep 300; : lt_secmem_argv aaaa", first.Cmdline, StringComparison.Ordinal);
            Assert.Same(first.Cmdline, second.Cmdline); // re-read (SlowInterval 0) and unchanged: one string
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
    }

    [Fact]
    public void A_short_cmdline_is_whole()
    {
        using var child = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "sleep 300; :", "lt_secmem_short"]) { UseShellExecute = false })!;
        try
        {
            Assert.True(Wait(() => File.Exists($"/proc/{child.Id}/cmdline") && File.ReadAllText($"/proc/{child.Id}/cmdline").Contains("lt_secmem_short", StringComparison.Ordinal)));
            using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { ReadFds = false });
            var p = sampler.Sample().Processes.Single(p => p.Pid == child.Id);
            Assert.Equal("/bin/sh -c sleep 300; : lt_secmem_short", p.Cmdline);
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
    }

    internal static bool Wait(Func<bool> condition, int seconds = 60)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed.TotalSeconds > seconds)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }
}
