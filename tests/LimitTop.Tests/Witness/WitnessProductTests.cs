using LimitTop.TestSupport;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LimitTop.Tests.Fleet;
using LimitTop.Tests.Survival;

namespace LimitTop.Tests.Witness;

/// <summary>
/// The refusal witness through the shipped binary (issue 26): <c>--headless</c>'s /metrics counts each limit's
/// refusals exactly as the refused program counted them itself (Live/ltrefuse.c), with no buffer overrun; SIGTERM
/// removes the trace instance and a SIGKILLed one is removed at the next start; a non-root run and --no-witness
/// say why there is no witness.
/// </summary>
[Collection("survival")]
public sealed partial class WitnessProductTests(AotBuild build)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private const string Instances = "/sys/kernel/tracing/instances";

    [SkippableFact]
    public void Headless_metrics_count_each_limits_refusals_as_the_program_counted_them()
    {
        NeedWitness();
        using var h = HeadlessProcess.Start(build, []);
        Eventually.Until(() => Metric(h, "limittop_witness_up") == 1, "limittop_witness_up 1", Deadline, 100, () => h.Stderr);

        // RLIMIT_NPROC: 5 tasks for the uid, 30 threads asked, 26 refused with EAGAIN
        int uid = FreeUid(1);
        using (var program = RefusingProgram.Start(uid, "5:5", "thread", 30))
        {
            var (failed, _, errno) = program.Go(Deadline);
            Assert.Equal((11, 26L), (errno, failed));
            AssertCounted(h, $"limittop_task_creations_refused_total{{limit=\"nproc\",user=\"{uid}\"}}", failed);
        }

        // a pids cgroup at its max: refused forks are attributed to that cgroup (the asker's, for the cgroup label)
        uid = FreeUid(2);
        string name = "lt_w26_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        string dir = "/sys/fs/cgroup/pids/" + name;
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "pids.max"), "4");
            using var program = RefusingProgram.Start(uid, "20000", "fork", 10);
            File.WriteAllText(Path.Combine(dir, "cgroup.procs"), program.Pid.ToString(CultureInfo.InvariantCulture));
            var (failed, _, errno) = program.Go(Deadline);
            Assert.Equal((11, 7L), (errno, failed)); // the program and 3 children fill pids.max 4
            AssertCounted(h, $"limittop_task_creations_refused_total{{limit=\"pids.max\",cgroup=\"/{name}\"}}", failed);
            Assert.Equal(failed, Metric(h, $"limittop_task_creations_refused_total{{limit=\"pids.max\",user=\"{uid}\"}}"));
        }
        finally
        {
            CgroupDirectory.Remove(dir);
        }

        // seccomp returning EPERM for clone3: every pthread_create
        uid = FreeUid(3);
        using (var program = RefusingProgram.Start(uid, "20000", "seccomp", 12))
        {
            var (failed, _, errno) = program.Go(Deadline);
            Assert.Equal((1, 12L), (errno, failed));
            AssertCounted(h, $"limittop_task_creations_refused_total{{limit=\"seccomp\",user=\"{uid}\"}}", failed);
        }

        Assert.Equal(0, Metric(h, "limittop_task_creations_refused_lost_total"));
        Assert.Equal(0, h.Stop());
    }

    [SkippableFact]
    public void Threads_max_lowered_for_a_moment_is_named_as_threads_max()
    {
        NeedWitness();
        // threads-max is named only while the system's task count is still within 1 % (16 tasks) of it when limittop
        // reads it (else "unknown (EAGAIN)", never a guess): on a busy machine that needs the drain soon after the
        // refusals, so this limittop ticks every 0.1 s
        using var h = HeadlessProcess.Start(build, [], interval: 0.1);
        Eventually.Until(() => Metric(h, "limittop_witness_up") == 1, "limittop_witness_up 1", Deadline, 100, () => h.Stderr);
        int uid = FreeUid(4);
        using var program = RefusingProgram.Start(uid, "20000", "thread", 40);
        long failed;
        using (SystemLock.Acquire())
        {
            string saved = File.ReadAllText("/proc/sys/kernel/threads-max").Trim();
            try
            {
                long tasks = long.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[3].Split('/')[1], CultureInfo.InvariantCulture);
                File.WriteAllText("/proc/sys/kernel/threads-max", (tasks + 10).ToString(CultureInfo.InvariantCulture));
                (failed, _, int errno) = program.Go(Deadline);
                Assert.Equal(11, errno);
                Assert.True(failed > 0, "threads-max lowered to the task count + 10 refused none of 40 threads");

                // limittop reads the state at its next tick: threads-max stays lowered until it has (a second or two)
                string any = $"{{limit=\"threads-max\",user=\"{uid}\"}}";
                Eventually.Until(() => Scrape(h).Contains(any, StringComparison.Ordinal) || Scrape(h).Contains($"user=\"{uid}\"}}", StringComparison.Ordinal),
                    "limittop drained the refusals while threads-max was low", Deadline, 50);
            }
            finally
            {
                File.WriteAllText("/proc/sys/kernel/threads-max", saved);
            }
        }

        AssertCounted(h, $"limittop_task_creations_refused_total{{limit=\"threads-max\",user=\"{uid}\"}}", failed);
    }

    [SkippableFact]
    public void With_the_witness_on_nothing_is_forked_cloned_or_execed_after_the_first_tick()
    {
        NeedWitness();
        Need.Tool("strace");
        string trace = Path.Combine(build.Dir, "strace-witness.txt");
        int port = HeadlessProcess.FreePort();
        var psi = new System.Diagnostics.ProcessStartInfo("strace") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { "-f", "-o", trace, "-e", "trace=execve,clone,clone3,fork,vfork", build.Limittop, "--headless", "--interval", "0.5", "--metrics", "127.0.0.1:" + Sh.Inv(port) })
        {
            psi.ArgumentList.Add(a);
        }

        using var strace = System.Diagnostics.Process.Start(psi)!;
        int limittop = 0;
        try
        {
            Eventually.Until(() => Metric(port, "limittop_witness_up") == 1, "the first tick with the witness up", Deadline, 100);
            limittop = int.Parse(File.ReadAllText($"/proc/{strace.Id}/task/{strace.Id}/children").Trim(), CultureInfo.InvariantCulture);
            int mark = File.ReadAllLines(trace).Length;
            int uid = FreeUid(5);
            using (var program = RefusingProgram.Start(uid, "5:5", "thread", 30))
            {
                var (failed, _, _) = program.Go(Deadline);
                string series = $"limittop_task_creations_refused_total{{limit=\"nproc\",user=\"{uid}\"}}";
                Eventually.Until(() => Metric(port, series) >= failed, series + " counted", Deadline, 100);
            }

            _ = Sh.Run("kill", ["-TERM", Sh.Inv(limittop)]);
            Assert.True(strace.WaitForExit(30_000), "limittop under strace stopped on SIGTERM");
            var after = File.ReadAllLines(trace).Skip(mark).ToList();
            Assert.True(File.ReadAllLines(trace).Take(mark).Any(l => l.Contains("execve(", StringComparison.Ordinal)), "strace saw the start");
            Assert.DoesNotContain(after, l => Regex.IsMatch(l, @"\b(execve|clone3?|v?fork)\("));
            Assert.False(Directory.Exists(Path.Combine(Instances, "limittop-" + Sh.Inv(limittop))), "the instance was removed on SIGTERM");
        }
        finally
        {
            if (!strace.HasExited)
            {
                strace.Kill(entireProcessTree: true);
            }
        }
    }

    [SkippableFact]
    public void Sigterm_removes_the_instance_and_one_left_by_sigkill_goes_at_the_next_start()
    {
        NeedWitness();
        using (var h = HeadlessProcess.Start(build, []))
        {
            string mine = Path.Combine(Instances, "limittop-" + h.Pid.ToString(CultureInfo.InvariantCulture));
            Eventually.Until(() => Directory.Exists(mine), "the trace instance " + mine, Deadline);
            Assert.Equal(0, h.Stop());
            Assert.False(Directory.Exists(mine), "SIGTERM left " + mine);
        }

        string left;
        using (var h = HeadlessProcess.Start(build, []))
        {
            left = Path.Combine(Instances, "limittop-" + h.Pid.ToString(CultureInfo.InvariantCulture));
            Eventually.Until(() => Directory.Exists(left), "the trace instance " + left, Deadline);
            _ = Sh.Run("kill", ["-KILL", Sh.Inv(h.Pid)]);
            Eventually.Until(() => !File.Exists($"/proc/{h.Pid}/status") || Sh.Status(h.Pid, "Threads") is null or 0, "limittop SIGKILLed", Deadline);
            h.Stop();
        }

        Assert.True(Directory.Exists(left), "SIGKILL runs no clean-up: the instance stays until the next start");
        var once = Sh.Run(build.Limittop, ["--once", "--json"]);
        Assert.True(once.ExitCode == 0, once.Stderr);
        Assert.False(Directory.Exists(left), "the next start removed " + left); // (or another limittop started meanwhile: any start does)
    }

    [SkippableFact]
    public void Without_root_or_with_no_witness_every_output_says_why()
    {
        Need.Root();
        var notRoot = Sh.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", build.Limittop, "--once", "--json"]);
        Assert.True(notRoot.ExitCode == 0, notRoot.Stderr);
        using (var doc = JsonDocument.Parse(notRoot.Stdout))
        {
            var w = doc.RootElement.GetProperty("refusals").GetProperty("witness");
            Assert.Equal(("not-root", false), (w.GetProperty("reason").GetString(), w.GetProperty("up").GetBoolean()));
            Assert.Equal("no refusal witness: tracefs needs root (limittop runs as uid 65534); refused forks are counted only where a pids cgroup counts them (pids.events)",
                w.GetProperty("message").GetString());
        }

        var text = Sh.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", build.Limittop, "--once"]);
        Assert.Contains("Refused task creations: no refusal witness: tracefs needs root", text.Stdout, StringComparison.Ordinal);
        var why = Sh.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", build.Limittop, "--why", Sh.Inv(Environment.ProcessId)]);
        Assert.Contains("refused task creations (the kernel's own reports):\n  no refusal witness: tracefs needs root", why.Stdout, StringComparison.Ordinal);

        var off = Sh.Run("strace", ["-f", "-e", "trace=mkdir,mkdirat", build.Limittop, "--once", "--json", "--no-witness"]);
        using (var doc = JsonDocument.Parse(off.Stdout))
        {
            Assert.Equal("disabled", doc.RootElement.GetProperty("refusals").GetProperty("witness").GetProperty("reason").GetString());
        }

        Assert.DoesNotContain("/instances/", off.Stderr, StringComparison.Ordinal); // --no-witness makes no trace instance
        using var h = HeadlessProcess.Start(build, ["--no-witness"]);
        Assert.Equal(0, Metric(h, "limittop_witness_up"));
        Assert.Contains("the refusal witness is off (--no-witness)", h.Stderr, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("TERM", false)]
    [InlineData("INT", false)]
    [InlineData("HUP", false)]
    [InlineData("TERM", true)]
    [InlineData("HUP", true)]
    public void The_dashboard_removes_its_instance_when_a_signal_ends_it(string signal, bool singleThread)
    {
        NeedWitness();
        using var tmux = Tmux.Start(160, 40);
        tmux.Type($"TERM=xterm-256color {build.Limittop}{(singleThread ? " --single-thread" : "")}; echo left-$?");
        tmux.Keys("Enter");
        tmux.WaitFor("PROCESSES", 30);
        int shell = int.Parse(tmux.Display("#{pane_pid}"), CultureInfo.InvariantCulture);
        string pid = File.ReadAllText($"/proc/{shell}/task/{shell}/children").Trim();
        string mine = Path.Combine(Instances, "limittop-" + pid);
        Assert.True(Directory.Exists(mine), "the dashboard made " + mine);
        _ = Sh.Run("kill", ["-" + signal, pid]);
        string after = tmux.WaitFor(s => Regex.IsMatch(s, @"^left-\d+", RegexOptions.Multiline), TimeSpan.FromSeconds(30), "limittop left on SIG" + signal);
        Assert.False(Directory.Exists(mine), $"SIG{signal} left {mine}: {after}");
    }

    /// <summary>Waits until the series reaches <paramref name="expected"/>, two ticks more, then asserts it is exactly that.</summary>
    private static void AssertCounted(HeadlessProcess h, string series, long expected)
    {
        Eventually.Until(() => Metric(h, series) >= expected, $"{series} reaches {expected}", Deadline, 100,
            () => string.Join("\n", Scrape(h).Split('\n').Where(l => l.Contains("refused", StringComparison.Ordinal) || l.Contains("witness", StringComparison.Ordinal))) + "\nstderr: " + h.Stderr);
        h.WaitTicks(2, "a refusal still in the pipe would show now");
        Assert.True(Metric(h, "limittop_task_creations_refused_lost_total") == 0, "the kernel dropped events: " + Scrape(h));
        Assert.Equal(expected, Metric(h, series));
    }

    private static string Scrape(HeadlessProcess h) => RawHttp.Scrape(h.Port).Response?.Body ?? "";

    internal static long Metric(HeadlessProcess h, string series) => Metric(h.Port, series);

    /// <summary>The value of one series (name with its labels) at /metrics on <paramref name="port"/>, or −1 when absent.</summary>
    internal static long Metric(int port, string series)
    {
        string body;
        try
        {
            body = RawHttp.Scrape(port).Response?.Body ?? "";
        }
        catch (System.Net.Sockets.SocketException)
        {
            return -1; // not listening yet
        }

        foreach (string line in body.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return (long)double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    /// <summary>A uid no process runs as (numeric: no passwd entry, so the metrics label is the number).</summary>
    internal static int FreeUid(int salt)
    {
        for (int uid = 42600 + salt * 17; ; uid++)
        {
            if (Sh.TasksOfUid(uid) == 0)
            {
                return uid;
            }
        }
    }

    internal static void NeedWitness()
    {
        Need.Root();
        Need.Platform(File.Exists("/sys/kernel/tracing/events/syscalls/sys_exit_clone/enable") || !Directory.Exists("/sys/kernel/tracing/events"),
            "this kernel has no syscall exit events in tracefs (CONFIG_FTRACE_SYSCALLS)");
    }
}
