using System.Diagnostics;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Tests.Sockets;
using LimitTop.TestSupport;

namespace LimitTop.Core.Tests.Sampling;

/// <summary>
/// The Sampler lists /proc only when a task has been created since its last listing (PidListReuse, kernel.ns_last_pid):
/// a reused list still holds every live process (a listing of /proc before and after is the oracle), drops the ones
/// that exited, and a process started between two samples is in the second. Other tests start processes meanwhile,
/// so the cases that need an unchanged ns_last_pid are retried until one sample reused the list (bounded).
/// </summary>
[Collection("live")]
public sealed class PidListReuseTests
{
    private const int Attempts = 200;

    private static HashSet<int> ListProc()
        => Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Select(n => int.TryParse(n, out int p) ? p : 0).Where(p => p > 0).ToHashSet();

    private static HashSet<int> Pids(Snapshot s) => s.Processes.Select(p => p.Pid).ToHashSet();

    private static Sampler NewSampler(TimeProvider? time = null)
        => new(ProcRoot.Default, new SamplerOptions { Sockets = null, ReadFds = false }, time);

    [SkippableFact]
    public void A_reused_list_holds_every_process_alive_before_and_after_the_sample()
    {
        Need.Root();
        using var sampler = NewSampler();
        sampler.Sample();
        for (int i = 0; i < Attempts; i++)
        {
            long reused = sampler.ListingsReused;
            var before = ListProc();
            var s = sampler.Sample();
            var after = ListProc();
            if (sampler.ListingsReused == reused)
            {
                continue; // a task was created since the last listing: this sample listed /proc afresh
            }

            before.IntersectWith(after);
            before.ExceptWith(Pids(s));
            Assert.True(before.Count == 0, $"alive before and after a sample that reused the list, but not in it: {string.Join(' ', before)}");
            Assert.Equal(s.Processes.Count, s.System.Processes);
            return;
        }

        Assert.Fail($"no sample of {Attempts} reused the list: ns_last_pid moved between every two");
    }

    [SkippableFact]
    public void A_process_that_exited_leaves_a_reused_list_and_one_started_is_in_the_next_sample()
    {
        Need.Root();
        using var sampler = NewSampler();
        for (int i = 0; i < Attempts / 10; i++)
        {
            sampler.Sample();
            using var child = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
            var s1 = sampler.Sample();
            Assert.Contains(child.Id, Pids(s1)); // started since the last sample: ns_last_pid moved, /proc was listed
            child.Kill();
            child.WaitForExit();
            long reused = sampler.ListingsReused;
            var s2 = sampler.Sample();
            Assert.DoesNotContain(child.Id, Pids(s2));
            if (sampler.ListingsReused == reused)
            {
                continue; // listed afresh: try again for a sample that reuses the list
            }

            var s3 = sampler.Sample(); // whichever way it is taken, the dead pid stays out
            Assert.DoesNotContain(child.Id, Pids(s3));
            return;
        }

        Assert.Fail($"no sample of {Attempts / 10} after a child's exit reused the list");
    }

    [SkippableFact]
    public void The_list_is_taken_afresh_once_it_is_older_than_the_slow_interval()
    {
        Need.Root();
        var time = new ManualTime();
        using var sampler = NewSampler(time);
        sampler.Sample();
        for (int i = 0; i < Attempts; i++)
        {
            long reused = sampler.ListingsReused;
            sampler.Sample();
            if (sampler.ListingsReused == reused)
            {
                continue;
            }

            // Reuse works on this box right now; at the slow interval's age the next sample lists /proc again even
            // when nothing was created, and the one after that may reuse again.
            time.Advance(TimeSpan.FromSeconds(5));
            long atAge = sampler.ListingsReused;
            sampler.Sample();
            Assert.Equal(atAge, sampler.ListingsReused);
            return;
        }

        Assert.Fail($"no sample of {Attempts} reused the list");
    }

    [SkippableFact]
    public void A_fixture_tree_is_always_listed()
    {
        using var tree = FixtureTree.Open("proc-basic");
        using var sampler = new Sampler(tree.Root, new SamplerOptions { Sockets = null });
        sampler.Sample();
        sampler.Sample();
        Assert.Equal(0, sampler.ListingsReused);
    }
}
