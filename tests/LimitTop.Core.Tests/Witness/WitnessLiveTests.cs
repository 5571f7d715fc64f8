using LimitTop.TestSupport;
using LimitTop.Core.Model;
using System.Globalization;
using LimitTop.Core.Tests.Live;
using LimitTop.Core.Witness;

namespace LimitTop.Core.Tests.Witness;

/// <summary>
/// The witness against the kernel's own count: ltrefuse counts its refused requests itself, and the witness
/// must count exactly as many for that uid, attributed to the limit the test set up (±0 when the kernel reported
/// no buffer overrun).
/// </summary>
[Collection(WitnessCollection.Name)]
public sealed class WitnessLiveTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [WitnessFact]
    public void Threads_past_RLIMIT_NPROC_are_counted_as_nproc_for_that_process()
    {
        int uid = LiveChild.FreeUid(21);
        using var witness = Started();
        using var program = RefusingProgram.Start(uid, "5:5", "thread", 30);
        var (failed, _, errno) = program.Go(Deadline);
        Assert.Equal((11, 30 - 4L), (errno, failed)); // 5 tasks: main + 4 threads, the other 26 refused with EAGAIN

        var s = DrainUntil(witness, s => ForUid(s, uid) >= failed);
        Assert.True(witness.Lost == 0, $"the kernel dropped {witness.Lost} events: the count can only be checked without loss");
        Assert.Equal(failed, ForUid(s, uid, RefusalLimits.Nproc));
        Assert.Equal(failed, ForUid(s, uid));
        var row = s.ForProcess(program.Pid);
        Assert.NotNull(row);
        Assert.Equal((failed, "ltrefuse", uid, RefusalLimits.Nproc), (row.LastMinute, row.Name, row.Uid, row.Limit));
    }

    [WitnessFact]
    public void Forks_past_a_pids_cgroup_max_are_attributed_to_that_cgroup()
    {
        int uid = LiveChild.FreeUid(22);
        string name = "lt_witness_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        string dir = "/sys/fs/cgroup/pids/" + name;
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "pids.max"), "4");
            using var witness = Started();
            using (var program = RefusingProgram.Start(uid, "20000", "fork", 10))
            {
                File.WriteAllText(Path.Combine(dir, "cgroup.procs"), program.Pid.ToString(CultureInfo.InvariantCulture));
                var (failed, _, errno) = program.Go(Deadline);
                Assert.Equal((11, 10 - 3L), (errno, failed)); // the program and 3 children fill pids.max 4

                var s = DrainUntil(witness, s => ForUid(s, uid) >= failed);
                Assert.True(witness.Lost == 0, $"the kernel dropped {witness.Lost} events");
                Assert.Equal(failed, ForUid(s, uid, RefusalLimits.PidsCgroup));
                Assert.Equal(failed, s.ByLimitCgroup.Where(c => c.Limit == RefusalLimits.PidsCgroup && c.Cgroup == "/" + name).Sum(c => c.Count));
                Assert.All(s.Recent.Where(e => e.Pid == program.Pid), e => Assert.Equal("/" + name, e.Cgroup));
            }
        }
        finally
        {
            CgroupDirectory.Remove(dir);
        }
    }

    [WitnessFact]
    public void Clone3_denied_by_a_seccomp_filter_is_attributed_to_seccomp()
    {
        int uid = LiveChild.FreeUid(23);
        using var witness = Started();
        using var program = RefusingProgram.Start(uid, "20000", "seccomp", 12);
        var (failed, _, errno) = program.Go(Deadline);
        Assert.Equal((1, 12L), (errno, failed)); // EPERM, every pthread_create (glibc falls back to clone only on ENOSYS)

        var s = DrainUntil(witness, s => ForUid(s, uid) >= failed);
        Assert.Equal(failed, ForUid(s, uid, RefusalLimits.Seccomp));
        Assert.Equal(failed, ForUid(s, uid));
    }

    [WitnessFact]
    public void Threads_past_threads_max_are_attributed_to_threads_max()
    {
        int uid = LiveChild.FreeUid(24);
        using var witness = Started();
        using var program = RefusingProgram.Start(uid, "20000", "thread", 40);
        using var systemLock = SystemLock.Acquire();
        string saved = File.ReadAllText("/proc/sys/kernel/threads-max").Trim();
        RefusalSummary s;
        long failed;
        try
        {
            long tasks = long.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[3].Split('/')[1], CultureInfo.InvariantCulture);
            File.WriteAllText("/proc/sys/kernel/threads-max", (tasks + 10).ToString(CultureInfo.InvariantCulture));
            (failed, _, int errno) = program.Go(Deadline);
            Assert.Equal(11, errno);
            Assert.True(failed > 0, "threads-max lowered to the task count + 10 refused none of 40 threads");
            s = DrainUntil(witness, s => ForUid(s, uid) >= failed);
        }
        finally
        {
            File.WriteAllText("/proc/sys/kernel/threads-max", saved);
        }

        Assert.Equal(failed, ForUid(s, uid));
        Assert.Equal(failed, ForUid(s, uid, RefusalLimits.ThreadsMax));
    }

    internal static RefusalWitness Started()
    {
        var witness = RefusalWitness.Start(new WitnessOptions { KernelLog = false });
        Assert.True(witness.Status.Up, witness.Status.Message);
        return witness;
    }

    internal static long ForUid(RefusalSummary s, int uid, string? limit = null)
        => s.ByLimitUser.Where(l => l.Uid == uid && (limit is null || l.Limit == limit)).Sum(l => l.Count);

    /// <summary>Drains until <paramref name="done"/> holds (or the deadline, which only bounds a hang).</summary>
    internal static RefusalSummary DrainUntil(RefusalWitness witness, Func<RefusalSummary, bool> done)
    {
        var end = DateTime.UtcNow + Deadline;
        while (true)
        {
            witness.Drain(DateTimeOffset.UtcNow);
            var s = witness.Summary(DateTimeOffset.UtcNow);
            if (done(s) || DateTime.UtcNow > end)
            {
                // one more drain: anything still in the pipe would make the count too high, which the test must see
                witness.Drain(DateTimeOffset.UtcNow);
                return witness.Summary(DateTimeOffset.UtcNow);
            }

            Thread.Sleep(20);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WitnessCollection
{
    public const string Name = "witness (trace instances and system-wide limits)";
}
