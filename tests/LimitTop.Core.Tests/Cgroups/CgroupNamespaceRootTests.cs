using System.Globalization;
using LimitTop.Core.Cgroups;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Tests.Cgroups;

/// <summary>
/// /proc/PID/cgroup read inside a private cgroup namespace (docs/kernel-limits.md §13): a tree made here as a
/// container with the host's PID namespace sees it — the host's init at "/../..", the reader at "/" — with the
/// reader's PID in the cgroup.procs of /libpod_parent/libpod-c1 of the v1 pids hierarchy. Paths become the
/// hierarchy's; a tree whose init is not above the reader's namespace changes nothing.
/// </summary>
public sealed class CgroupNamespaceRootTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("limittop-cgns-").FullName;

    private static readonly string Self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    public CgroupNamespaceRootTests()
    {
        Write("sys/fs/cgroup/pids/cgroup.procs", "1\n");
        Write("sys/fs/cgroup/pids/user.slice/cgroup.procs", "");
        Write("sys/fs/cgroup/pids/libpod_parent/conmon/cgroup.procs", "4242\n");
        Write("sys/fs/cgroup/pids/libpod_parent/libpod-c1/cgroup.procs", $"77\n{Self}\n");
        Write("sys/fs/cgroup/pids/libpod_parent/libpod-c1/sub/cgroup.procs", "");
    }

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private CgroupNamespaceRoot Find(string initCgroup, string selfCgroup)
    {
        Write("proc/1/cgroup", $"9:name=systemd:/\n8:pids:{initCgroup}\n");
        Write("proc/self/cgroup", $"8:pids:{selfCgroup}\n");
        using var proc = new FileReader(Path.Combine(_dir, "proc"));
        using var fs = CgroupFs.Open(Path.Combine(_dir, "sys"));
        return CgroupNamespaceRoot.Find(proc, fs, Environment.ProcessId);
    }

    [Fact]
    public void Paths_read_inside_a_private_namespace_become_the_hierarchy_s()
    {
        var ns = Find("/../..", "/");
        Assert.Equal("/libpod_parent/libpod-c1", ns.Root);
        Assert.Equal(new PidsCgroupRef(1, "/"), ns.Resolve(new PidsCgroupRef(1, "/../..")));
        Assert.Equal(new PidsCgroupRef(1, "/user.slice"), ns.Resolve(new PidsCgroupRef(1, "/../../user.slice")));
        Assert.Equal(new PidsCgroupRef(1, "/libpod_parent/conmon"), ns.Resolve(new PidsCgroupRef(1, "/../conmon")));
        Assert.Equal(new PidsCgroupRef(1, "/libpod_parent/libpod-c1"), ns.Resolve(new PidsCgroupRef(1, "/")));
        Assert.Equal(new PidsCgroupRef(1, "/libpod_parent/libpod-c1/sub"), ns.Resolve(new PidsCgroupRef(1, "/sub")));
        // Above the hierarchy's root, or another hierarchy: left as read.
        Assert.Equal(new PidsCgroupRef(1, "/../../../x"), ns.Resolve(new PidsCgroupRef(1, "/../../../x")));
        Assert.Equal(new PidsCgroupRef(2, "/../x"), ns.Resolve(new PidsCgroupRef(2, "/../x")));
    }

    [Fact]
    public void A_reader_below_its_namespace_s_root_is_found_at_its_own_depth()
    {
        Write("sys/fs/cgroup/pids/libpod_parent/libpod-c1/cgroup.procs", "77\n");
        Write("sys/fs/cgroup/pids/libpod_parent/libpod-c1/sub/cgroup.procs", Self + "\n");
        var ns = Find("/../..", "/sub");
        Assert.Equal("/libpod_parent/libpod-c1", ns.Root);
        Assert.Equal(new PidsCgroupRef(1, "/user.slice"), ns.Resolve(new PidsCgroupRef(1, "/../../user.slice")));
    }

    [Fact]
    public void The_host_s_namespace_and_an_unfound_reader_change_nothing()
    {
        var host = Find("/", "/libpod_parent/libpod-c1");
        Assert.Null(host.Root);
        Assert.Equal(new PidsCgroupRef(1, "/user.slice"), host.Resolve(new PidsCgroupRef(1, "/user.slice")));

        Write("sys/fs/cgroup/pids/libpod_parent/libpod-c1/cgroup.procs", "77\n");
        var lost = Find("/../..", "/");
        Assert.Null(lost.Root);
        Assert.Equal(new PidsCgroupRef(1, "/../../user.slice"), lost.Resolve(new PidsCgroupRef(1, "/../../user.slice")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
