using LimitTop.Core.Model;
using System.Globalization;
using LimitTop.Core.Witness;

namespace LimitTop.Core.Tests.Witness;

/// <summary>The trace instance's life: created armed, removed by Dispose, stale ones removed at start, live ones kept.</summary>
[Collection(WitnessCollection.Name)]
public sealed class TraceInstanceLiveTests
{
    private static string Instances => Path.Combine(Tracefs(), "instances");

    [WitnessFact]
    public void The_instance_is_armed_while_open_and_gone_after_dispose_twice()
    {
        var witness = WitnessLiveTests.Started();
        string dir = Path.Combine(Instances, "limittop-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Assert.True(Directory.Exists(dir));
        foreach (string ev in new[] { "sys_exit_clone", "sys_exit_clone3", "sys_exit_fork", "sys_exit_vfork" })
        {
            Assert.Equal("1", File.ReadAllText(Path.Combine(dir, "events", "syscalls", ev, "enable")).Trim());
            Assert.Equal("ret < 0", File.ReadAllText(Path.Combine(dir, "events", "syscalls", ev, "filter")).Trim());
        }

        Assert.Equal("1", File.ReadAllText(Path.Combine(dir, "tracing_on")).Trim());
        Assert.Contains("[mono]", File.ReadAllText(Path.Combine(dir, "trace_clock")), StringComparison.Ordinal);
        Assert.True(witness.TraceFd >= 0);
        witness.Dispose();
        witness.Dispose();
        Assert.False(Directory.Exists(dir));
        Assert.False(witness.Status.Up);
    }

    [WitnessFact]
    public void A_stale_instance_of_a_dead_pid_is_removed_at_start_and_a_busy_one_is_kept()
    {
        int dead = DeadPid();
        string stale = Path.Combine(Instances, "limittop-" + dead.ToString(CultureInfo.InvariantCulture));
        // A "limittop" still running: an instance named after a live pid that is not limittop, whose trace_pipe is
        // held open (as a live limittop holds its own): the kernel refuses to remove it (EBUSY), so it is kept.
        int busyPid = 1;
        string busy = Path.Combine(Instances, "limittop-" + busyPid.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(stale);
        Directory.CreateDirectory(busy);
        try
        {
            using (new FileStream(Path.Combine(busy, "trace_pipe"), new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Options = FileOptions.None }))
            using (var witness = WitnessLiveTests.Started())
            {
                Assert.Contains("limittop-" + dead.ToString(CultureInfo.InvariantCulture), witness.RemovedStale);
                Assert.False(Directory.Exists(stale));
                Assert.True(Directory.Exists(busy));
                Assert.Contains("removed 1 stale instance", witness.Status.Message, StringComparison.Ordinal);
            }

            // closed now: a start removes it, as its pid (1) is not a limittop
            using var second = WitnessLiveTests.Started();
            Assert.False(Directory.Exists(busy));
        }
        finally
        {
            foreach (string d in new[] { stale, busy })
            {
                if (Directory.Exists(d))
                {
                    Directory.Delete(d);
                }
            }
        }
    }

    [Fact]
    public void A_directory_that_is_not_tracefs_gives_a_status_not_an_exception()
    {
        string root = Directory.CreateTempSubdirectory("lt_witness_fake_tracefs").FullName;
        try
        {
            using (var none = RefusalWitness.Start(new WitnessOptions { TracefsRoot = root, KernelLog = false }))
            {
                Assert.Equal(("no-tracefs", false), (none.Status.Reason, none.Status.Up));
                Assert.EndsWith(WitnessStatus.Fallback, none.Status.Message, StringComparison.Ordinal);
                Assert.Equal(WitnessDrain.Empty, none.Drain(DateTimeOffset.UtcNow));
            }

            Directory.CreateDirectory(Path.Combine(root, "instances"));
            using var noEvents = RefusalWitness.Start(new WitnessOptions { TracefsRoot = root, KernelLog = false });
            Assert.Equal("no-events", noEvents.Status.Reason);
            Assert.Contains("CONFIG_FTRACE_SYSCALLS", noEvents.Status.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateDirectories(Path.Combine(root, "instances"))); // its half-made instance removed
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Disabled_says_so()
    {
        using var off = RefusalWitness.Start(new WitnessOptions { Enabled = false });
        Assert.Equal(("disabled", false, -1, -1), (off.Status.Reason, off.Status.Up, off.TraceFd, off.KernelLogFd));
        Assert.Contains("--no-witness", off.Status.Message, StringComparison.Ordinal);
    }

    private static string Tracefs()
        => Directory.Exists("/sys/kernel/tracing/instances") ? "/sys/kernel/tracing" : "/sys/kernel/debug/tracing";

    private static int DeadPid()
    {
        for (int pid = 999_999; ; pid--)
        {
            if (!Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture)))
            {
                return pid;
            }
        }
    }
}
