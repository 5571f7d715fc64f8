using LimitTop.Core.Procfs;
using LimitTop.Core.Tests.Sampling;

namespace LimitTop.Core.Tests.Live;

/// <summary>
/// ProcRoot.IsLive for a root other than "/proc" (docs/kernel-limits.md §13): the host's /proc seen from a container
/// that shares the host's PID namespace (/host/proc) is live — its "self" is this process — and a fixture tree is
/// not. /proc/self/root/proc reaches this process's own procfs by another path, as a bind mount would.
/// </summary>
public sealed class ProcRootLiveTests
{
    [Fact]
    public void Another_path_to_this_process_s_procfs_is_live()
    {
        var root = new ProcRoot("/proc/self/root/proc");
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), new FileInfo("/proc/self/root/proc/self").LinkTarget);
        Assert.True(root.IsLive);
        Assert.True(ProcRoot.Default.IsLive);
    }

    [Fact]
    public void A_fixture_tree_and_a_missing_root_are_not_live()
    {
        using var fixture = FixtureTree.Open("proc-basic");
        Assert.True(Directory.Exists(fixture.Root.Proc), fixture.Root.Proc);
        Assert.False(fixture.Root.IsLive);
        Assert.False(new ProcRoot("/nonexistent-limittop-fleet").IsLive);
    }
}
