using System.Text;
using LimitTop.Core.Cgroups;
using LimitTop.Core.Procfs;
using LimitTop.Core.Tests.Sampling;
using LimitTop.Core.Native;

namespace LimitTop.Core.Tests.Cgroups;

/// <summary>The one cgroup filesystem object on the captured trees: v1 pids beside an unused unified hierarchy, and pure v2.</summary>
public sealed class CgroupFsTests
{
    [Fact]
    public void Hybrid_v1_tree_finds_both_hierarchies_and_knows_v2_has_no_pids()
    {
        using var tree = FixtureTree.Open("proc-basic");
        using var fs = CgroupFs.Open(tree.Root);
        Assert.True(fs.Mounted);
        Assert.Equal("fs/cgroup/unified", fs.V2Root);
        Assert.False(fs.V2HasPids); // cgroup.subtree_control is empty there
        Assert.Equal("fs/cgroup/pids/user.slice", fs.RelativeDirectory(1, "/user.slice/"));
        Assert.Equal("fs/cgroup/pids", fs.RelativeDirectory(1, "/"));
        Assert.Equal(Path.Combine(tree.Root.Sys, "fs/cgroup/pids/user.slice/user-1000.slice/pids.max"), fs.FilePath(1, "/user.slice/user-1000.slice", "pids.max"));
        Assert.Null(fs.RelativeDirectory(3, "/x"));
    }

    [Fact]
    public void Reads_v1_pids_files_with_max_as_null_and_no_local_events()
    {
        using var tree = FixtureTree.Open("proc-basic");
        using var fs = CgroupFs.Open(tree.Root);
        Assert.Equal(new PidsFiles(1693, 1700, null, 0, null), fs.ReadPids(1, "/user.slice/user-1000.slice"));
        Assert.Equal(new PidsFiles(1693, null, null, 3, null), fs.ReadPids(1, "/user.slice/user-1000.slice/app.service"));
        Assert.Null(fs.ReadPids(1, "/")); // the root cgroup has no pids files
        Assert.Null(fs.ReadPids(1, "/gone"));
        Assert.Null(fs.ReadPids(2, "/user.slice")); // the unified hierarchy holds no pids files here
        Assert.True(fs.TryReadEventsMax(1, "/user.slice/user-1000.slice/app.service", local: false, out long max));
        Assert.Equal(3, max);
        Assert.True(fs.TryReadLong(1, "/user.slice", "pids.max", out long? unlimited));
        Assert.Null(unlimited);
        Assert.False(fs.TryRead(1, "/gone", "pids.max", out _, out int error));
        Assert.Equal(Errno.ENOENT, error);
    }

    [Fact]
    public void Pure_v2_tree_reads_the_unified_root_with_local_events()
    {
        using var tree = FixtureTree.Open("proc-v2");
        using var fs = CgroupFs.Open(tree.Root);
        Assert.Equal("fs/cgroup", fs.V2Root);
        Assert.True(fs.V2HasPids);
        Assert.Equal(new PidsFiles(50, 64, null, 4, 4), fs.ReadPids(2, "/system.slice/nginx.service"));
        Assert.Equal(new PidsFiles(98, 100, null, 4, 0), fs.ReadPids(2, "/system.slice"));
        Assert.True(fs.Exists(2, "/system.slice/db.service", "pids.max"));
        Assert.False(fs.Exists(2, "/system.slice/db.service", "cgroup.kill"));
        Assert.Null(fs.ReadPids(1, "/system.slice")); // no v1 pids hierarchy in this tree
    }

    [Fact]
    public void Lists_child_cgroups_sorted_and_reads_cgroup_procs_of_each()
    {
        using var tree = FixtureTree.Copy("proc-v2");
        string slice = tree.File("sys/fs/cgroup/system.slice");
        File.WriteAllText(Path.Combine(slice, "nginx.service/cgroup.procs"), "300\n301\n\n");
        File.WriteAllText(Path.Combine(slice, "db.service/cgroup.procs"), "400\n");
        Directory.CreateDirectory(Path.Combine(slice, "odd name.service"));
        using var fs = CgroupFs.Open(tree.Root);

        var children = new List<string>();
        Assert.True(fs.TryListChildren(2, "/system.slice", children, out _));
        Assert.Equal(["/system.slice/db.service", "/system.slice/nginx.service", "/system.slice/odd name.service"], children);
        Assert.True(fs.TryListChildren(2, "/system.slice/db.service", children, out _));
        Assert.Empty(children); // files are not children
        Assert.False(fs.TryListChildren(2, "/gone", children, out int error));
        Assert.Equal(Errno.ENOENT, error);

        var pids = new HashSet<int>();
        Assert.True(fs.TryReadProcs(2, "/system.slice/nginx.service", pids, out _));
        Assert.True(fs.TryReadProcs(2, "/system.slice/db.service", pids, out _));
        Assert.False(fs.TryReadProcs(2, "/system.slice", pids, out _)); // this fixture has none there
        Assert.Equal([300, 301, 400], pids.Order());
    }

    [Fact]
    public void No_sys_tree_means_not_mounted_and_every_read_fails_quietly()
    {
        using var fs = CgroupFs.Open(Path.Combine(Path.GetTempPath(), "limittop-plumbing-no-such-sys"));
        Assert.False(fs.Mounted);
        Assert.Null(fs.V2Root);
        Assert.Null(fs.ReadPids(1, "/a"));
        Assert.False(fs.Exists(1, "/a", "pids.max"));
        Assert.False(fs.TryListChildren(1, "/", [], out _));
        Assert.Equal("fs/cgroup/pids/a", fs.RelativeDirectory(1, "/a")); // v1's place is fixed by convention
    }

    [Fact]
    public void Self_and_ancestors_walks_up_to_below_the_root()
    {
        Assert.Equal(["/a/b/c", "/a/b", "/a"], CgroupFs.SelfAndAncestors("/a/b/c/"));
        Assert.Empty(CgroupFs.SelfAndAncestors("/"));
    }

    [Fact]
    public void Sampler_and_actions_share_one_instance()
    {
        using var tree = FixtureTree.Copy("proc-basic");
        using var sampler = new LimitTop.Core.Sampling.Sampler(tree.Root);
        using var writer = new LimitTop.Core.Actions.CgroupLimitWriter(sampler.Cgroups);
        var r = writer.SetPidsMax(1, "/user.slice/user-1000.slice", 1800);
        Assert.True(r.Ok, r.Message);
        Assert.Equal("pids.max of /user.slice/user-1000.slice: 1700 → 1800", r.Message);
        writer.Dispose(); // does not close the sampler's /sys
        Assert.Equal(1800, sampler.Cgroups.ReadPids(1, "/user.slice/user-1000.slice")?.Max);
        Assert.Contains(sampler.Sample().Cgroups, c => c.Path == "/user.slice/user-1000.slice" && c.PidsMax == 1800);
        Assert.Equal("1800\n", Encoding.UTF8.GetString(File.ReadAllBytes(tree.File("sys/fs/cgroup/pids/user.slice/user-1000.slice/pids.max"))));
    }
}
