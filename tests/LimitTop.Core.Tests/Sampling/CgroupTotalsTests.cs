using LimitTop.Core.Cgroups;
using LimitTop.Core.Sampling;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Core.Tests.Sampling;

/// <summary>Issue 25, item 7: "forks rejected since start" never goes backwards while a cgroup empties for a while.</summary>
public sealed class CgroupTotalsTests : IDisposable
{
    private readonly string _sys = Directory.CreateTempSubdirectory("lt-totals-").FullName;

    private string Dir => Path.Combine(_sys, "fs", "cgroup", "pids", "ux-demo");

    private void Events(long max)
    {
        Directory.CreateDirectory(Dir);
        File.WriteAllText(Path.Combine(Dir, "pids.max"), "45\n");
        File.WriteAllText(Path.Combine(Dir, "pids.current"), "45\n");
        File.WriteAllText(Path.Combine(Dir, "pids.events"), $"max {max}\n");
    }

    [Fact]
    public void A_cgroup_emptied_by_a_group_kill_keeps_its_total_when_it_refuses_again_much_later()
    {
        Directory.CreateDirectory(Path.Combine(_sys, "fs", "cgroup", "pids"));
        using var fs = CgroupFs.Open(_sys);
        var reader = new CgroupUsageReader(fs);
        var inIt = new[] { Member(500, 1000, "worker", "/opt/worker", "/ux-demo", 1) };
        Events(0);
        Assert.Equal(0, reader.Read(inIt).Single(c => c.Path == "/ux-demo").ForkRejectionsSinceStart);
        Events(48);
        Assert.Equal(48, reader.Read(inIt).Single(c => c.Path == "/ux-demo").ForkRejectionsSinceStart);

        // killed: no process in it, so it is not listed, for longer than the baseline's grace
        for (int i = 0; i <= CgroupUsageReader.KeepUnseenSamples * 2 + 2; i++)
        {
            Assert.DoesNotContain(reader.Read([]), c => c.Path == "/ux-demo");
        }

        Events(51);
        Assert.Equal(51, reader.Read(inIt).Single(c => c.Path == "/ux-demo").ForkRejectionsSinceStart);
    }

    public void Dispose() => Directory.Delete(_sys, recursive: true);
}
