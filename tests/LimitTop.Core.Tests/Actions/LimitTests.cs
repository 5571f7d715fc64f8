using System.Globalization;
using LimitTop.Core.Actions;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using static LimitTop.Core.Tests.Actions.ActionTestSupport;
using LimitTop.Core.Native;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Core.Tests.Actions;

public sealed class LimitTests
{
    [Fact]
    public void Live_prlimit_raises_soft_nofile_and_nproc_of_a_child_to_hard()
    {
        // util-linux prlimit sets the limits and execs sleep: the child keeps the PID and starts low.
        var child = Start("prlimit", "--nofile=64:4096", "--nproc=50:500", "--sigpending=20:300", "sleep", "300");
        try
        {
            Eventually.Until(() => OracleSoftHard(child.Id, "Max open files") == (64, 4096), "the oracle (/proc/PID/limits) to show nofile 64/4096");
            var raiser = new LimitRaiser();

            var r = raiser.RaiseSoftToHard(child.Id, LimitResource.Nofile);
            Assert.True(r.Ok, r.Message);
            Assert.Equal($"nofile of pid {child.Id}: soft 64 → 4,096, hard 4,096 → 4,096", r.Message);
            Assert.Equal((4096L, 4096L), OracleSoftHard(child.Id, "Max open files"));

            Assert.True(raiser.RaiseSoftToHard(child.Id, LimitResource.Nproc).Ok);
            Assert.Equal((500L, 500L), OracleSoftHard(child.Id, "Max processes"));

            Assert.True(raiser.RaiseSoftToHard(child.Id, LimitResource.Sigpending).Ok);
            Assert.Equal((300L, 300L), OracleSoftHard(child.Id, "Max pending signals"));

            var again = raiser.RaiseSoftToHard(child.Id, LimitResource.Nofile);
            Assert.True(again.Ok);
            Assert.Contains("already the hard limit", again.Message, StringComparison.Ordinal);
        }
        finally
        {
            KillQuietly(child);
        }
    }

    [Fact]
    public void Live_hard_raise_needs_CAP_SYS_RESOURCE()
    {
        var child = Start("prlimit", "--nofile=64:4096", "sleep", "300");
        try
        {
            Eventually.Until(() => OracleSoftHard(child.Id, "Max open files") == (64, 4096), "the oracle (/proc/PID/limits) to show nofile 64/4096");
            var raiser = new LimitRaiser();
            var plan = raiser.Plan(child.Id, LimitResource.Nofile);
            Assert.Equal(new LimitPair(64, 4096), plan.Current);
            Assert.Equal(new LimitPair(4096, 4096), plan.SoftToHard);

            var r = raiser.Set(child.Id, LimitResource.Nofile, new LimitPair(8192, 8192));
            if (raiser.CanRaiseHard)
            {
                Assert.True(r.Ok, r.Message);
                Assert.Equal((8192L, 8192L), OracleSoftHard(child.Id, "Max open files"));
                Assert.NotNull(plan.HardRaise);
            }
            else
            {
                // This VM's root lacks CAP_SYS_RESOURCE in its bounding set (docs/kernel-limits.md §2).
                Assert.False(r.Ok);
                Assert.Equal(1, r.Errno);
                Assert.Contains("needs CAP_SYS_RESOURCE", r.Message, StringComparison.Ordinal);
                Assert.Equal((64L, 4096L), OracleSoftHard(child.Id, "Max open files"));
                Assert.Null(plan.HardRaise);
            }
        }
        finally
        {
            KillQuietly(child);
        }
    }

    [Fact]
    public void Live_another_users_process_needs_CAP_SYS_RESOURCE()
    {
        var child = Start("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "prlimit", "--nofile=64:4096", "sleep", "300");
        try
        {
            Eventually.Until(() => OracleSoftHard(child.Id, "Max open files") == (64, 4096), "the oracle (/proc/PID/limits) to show nofile 64/4096");
            var raiser = new LimitRaiser();
            var r = raiser.RaiseSoftToHard(child.Id, LimitResource.Nofile);
            if (raiser.CanRaiseHard)
            {
                Assert.True(r.Ok, r.Message);
                Assert.Equal((4096L, 4096L), OracleSoftHard(child.Id, "Max open files"));
            }
            else
            {
                // Even root: check_prlimit_permission wants CAP_SYS_RESOURCE for another uid.
                Assert.False(r.Ok);
                Assert.Equal(1, r.Errno);
                Assert.Contains("operation not permitted — another user's process", r.Message, StringComparison.Ordinal);
                Assert.Equal((64L, 4096L), OracleSoftHard(child.Id, "Max open files"));
            }
        }
        finally
        {
            KillQuietly(child);
        }
    }

    [Fact]
    public void Live_ESRCH_for_a_gone_process()
    {
        var child = Start("true");
        Assert.True(child.WaitForExit(5000));
        int pid = child.Id;
        child.Dispose();
        var r = new LimitRaiser().RaiseSoftToHard(pid, LimitResource.Nofile);
        Assert.False(r.Ok);
        Assert.Equal($"nofile of pid {pid}: no such process — it already exited", r.Message);
    }

    [Theory]
    [InlineData(1, false, "nofile of pid 77: operation not permitted — another user's process needs CAP_SYS_RESOURCE, and this limittop runs as root without it (its capability set drops it)")]
    [InlineData(22, false, "nofile of pid 77: invalid limit (EINVAL) — the soft limit cannot exceed the hard one")]
    [InlineData(1, true, "nofile of pid 77: not permitted — raising a hard limit needs CAP_SYS_RESOURCE (this limittop lacks it)")]
    public void Errors_are_plain_words(int errno, bool raiseHard, string message)
    {
        var sys = new FakeSyscalls { PrlimitSetErrno = errno, Current = new RLimit64(1024, 4096) };
        var raiser = new LimitRaiser(sys, hasSysResource: false, nrOpen: 1048576, self: new SelfCredentials(0, 0));
        var r = raiseHard ? raiser.Set(77, LimitResource.Nofile, new LimitPair(10000, 10000)) : raiser.RaiseSoftToHard(77, LimitResource.Nofile);
        Assert.False(r.Ok);
        Assert.Equal(errno, r.Errno);
        Assert.Equal(message, r.Message);
    }

    [Fact]
    public void Hard_nofile_above_nr_open_is_explained()
    {
        var sys = new FakeSyscalls { PrlimitSetErrno = 1, Current = new RLimit64(1024, 4096) };
        var r = new LimitRaiser(sys, hasSysResource: true, nrOpen: 1048576).Set(77, LimitResource.Nofile, new LimitPair(2_000_000, 2_000_000));
        Assert.Equal("nofile of pid 77: not permitted — hard nofile 2,000,000 is above fs.nr_open (1,048,576)", r.Message);
    }

    [Fact]
    public void Plan_offers_hard_raise_only_with_the_capability_and_unlimited_maps_to_infinity()
    {
        var sys = new FakeSyscalls { Current = new RLimit64(1024, 4096) };
        var root = new LimitRaiser(sys, hasSysResource: true, nrOpen: 1048576);
        Assert.Equal(new LimitPair(1048576, 1048576), root.Plan(5, LimitResource.Nofile).HardRaise);
        Assert.Equal(new LimitPair(null, null), root.Plan(5, LimitResource.Nproc).HardRaise);
        Assert.Null(new LimitRaiser(sys, hasSysResource: false, nrOpen: 1048576).Plan(5, LimitResource.Nproc).HardRaise);

        Assert.True(root.Set(5, LimitResource.Nproc, new LimitPair(null, null)).Ok);
        Assert.Equal(new RLimit64(RLimit64.Infinity, RLimit64.Infinity), sys.Sets[^1]);

        sys.Current = new RLimit64(RLimit64.Infinity, RLimit64.Infinity);
        var plan = root.Plan(5, LimitResource.Sigpending);
        Assert.Equal(new LimitPair(null, null), plan.Current);
        Assert.Null(plan.SoftToHard);
        Assert.Null(plan.HardRaise);
    }

    [Fact]
    public void Live_pids_max_write_is_visible_in_the_file()
    {
        const string V1 = "/sys/fs/cgroup/pids";
        string? hierarchy = File.Exists(Path.Combine(V1, "cgroup.procs")) ? V1 : null;
        int version = 1;
        if (hierarchy is null && File.Exists("/sys/fs/cgroup/cgroup.subtree_control")
            && File.ReadAllText("/sys/fs/cgroup/cgroup.subtree_control").Split(' ', '\n').Contains("pids"))
        {
            (hierarchy, version) = ("/sys/fs/cgroup", 2);
        }

        Assert.NotNull(hierarchy); // some pids hierarchy exists wherever the tests run as root
        string name = "limittop-test-" + Guid.NewGuid().ToString("N")[..8];
        string dir = Path.Combine(hierarchy, name);
        Directory.CreateDirectory(dir);
        try
        {
            using var writer = new CgroupLimitWriter(ProcRoot.Default);
            Assert.Equal(Path.Combine(dir, "pids.max"), writer.PidsMaxPath(version, "/" + name));

            var r = writer.SetPidsMax(version, "/" + name, 42);
            Assert.True(r.Ok, r.Message);
            Assert.Equal($"pids.max of /{name}: max → 42", r.Message);
            Assert.Equal("42", File.ReadAllText(Path.Combine(dir, "pids.max")).Trim());

            Assert.True(writer.SetPidsMax(version, "/" + name, null).Ok);
            Assert.Equal("max", File.ReadAllText(Path.Combine(dir, "pids.max")).Trim());

            var gone = writer.SetPidsMax(version, "/" + name + "/nope", 5);
            Assert.False(gone.Ok);
            Assert.Equal(Errno.ENOENT, gone.Errno);
            Assert.Contains("the cgroup is gone", gone.Message, StringComparison.Ordinal);

            Assert.False(writer.SetPidsMax(version, "/", 5).Ok);
            Assert.False(writer.SetPidsMax(version, "/" + name, -1).Ok);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    /// <summary>The oracle: the row of /proc/PID/limits (soft, hard; -1 for unlimited).</summary>
    private static (long Soft, long Hard)? OracleSoftHard(int pid, string row)
    {
        try
        {
            foreach (string line in File.ReadAllLines($"/proc/{pid}/limits"))
            {
                if (line.StartsWith(row, StringComparison.Ordinal))
                {
                    var f = line[row.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return (Num(f[0]), Num(f[1]));
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    private static long Num(string s) => s == "unlimited" ? -1 : long.Parse(s, CultureInfo.InvariantCulture);
}
