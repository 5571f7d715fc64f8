using LimitTop.Core.Model;
using System.Diagnostics;
using System.Globalization;
using LimitTop.Core.Native;
using LimitTop.Core.Witness;

namespace LimitTop.Benchmarks;

/// <summary>
/// <c>witness SECONDS LTREFUSE UID [BUFFER_KB]</c> (run by witness-storm.sh, as root): a storm of refused forks —
/// ltrefuse forking in a loop as UID under <c>prlimit --nproc=1</c>, so every fork is refused with EAGAIN —
/// while the witness drains once a second as the dashboard's loop would. Prints, per second and in total, the
/// refusals counted and lost, and the CPU time (user + system, this thread) of Drain alone; at the end the
/// storm's own count of refused forks, which counted + lost must equal.
/// </summary>
public static class WitnessStorm
{
    /// <summary><c>witness-idle N</c>: CPU of one Drain when nothing was refused (trace_pipe and /dev/kmsg answer EAGAIN).</summary>
    public static void Idle(int n)
    {
        using var witness = RefusalWitness.Start(new WitnessOptions());
        Console.WriteLine($"witness: {witness.Status.Message}; kernel log: {witness.KernelLogStatus.Message}");
        for (int i = 0; i < 100; i++)
        {
            witness.Drain(DateTimeOffset.UtcNow);
        }

        long refusals = 0;
        var c0 = Clocks.ThreadCpu;
        for (int i = 0; i < n; i++)
        {
            refusals += witness.Drain(DateTimeOffset.UtcNow).Refusals;
        }

        var cpu = Clocks.ThreadCpu - c0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{n} idle drains: {cpu.TotalMicroseconds / n:F1} µs CPU each ({refusals} refusals meanwhile from other processes)"));
    }

    public static void Run(string[] args)
    {
        double seconds = double.Parse(args[1], CultureInfo.InvariantCulture);
        string ltrefuse = args[2];
        int uid = int.Parse(args[3], CultureInfo.InvariantCulture);
        int bufferKb = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : new WitnessOptions().BufferKbPerCpu;
        int maxBytes = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) * 1024 : new WitnessOptions().MaxBytesPerDrain;

        // The user's task count comes from the pipeline's latest snapshot in the product; here a scan made
        // outside the measured region stands in for the sampler.
        using var scan = new ProcScan();
        long? userTasks = null;
        using var witness = RefusalWitness.Start(new WitnessOptions { KernelLog = false, BufferKbPerCpu = bufferKb, MaxBytesPerDrain = maxBytes },
            UserTaskCounts.From(u => u == uid ? userTasks : scan.TasksOf(u)));
        Console.WriteLine($"witness: {witness.Status.Message}");
        if (!witness.Status.Up)
        {
            return;
        }

        var psi = new ProcessStartInfo("setpriv") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "prlimit", "--nproc=1", "--", ltrefuse, "storm", "0", args[1] })
        {
            psi.ArgumentList.Add(a);
        }

        using var storm = Process.Start(psi)!;
        _ = storm.StandardOutput.ReadLine(); // ready PID
        storm.StandardInput.WriteLine("go");
        storm.StandardInput.Flush();
        var result = storm.StandardOutput.ReadLineAsync();

        TimeSpan drainCpu = TimeSpan.Zero;
        TimeSpan worst = TimeSpan.Zero;
        int ticks = 0;
        var clock = Stopwatch.StartNew();
        while (!result.IsCompleted || ticks == 0)
        {
            Thread.Sleep(Math.Max(0, (int)(((ticks + 1) * 1000) - clock.ElapsedMilliseconds))); // one tick a second
            scan.BeginDrain();
            userTasks = scan.TasksOf(uid);
            var c0 = Clocks.ThreadCpu;
            var d = witness.Drain(DateTimeOffset.UtcNow);
            var cpu = Clocks.ThreadCpu - c0;
            ticks++;
            if (ticks > 1) // the first tick JIT-compiles the drain (the product is NativeAOT: no JIT)
            {
                drainCpu += cpu;
                worst = cpu > worst ? cpu : worst;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tick {ticks,3}: {d.Refusals,7} counted {d.Lost,8} lost  drain {cpu.TotalMilliseconds,6:F2} ms{(d.Pending ? " (budget reached)" : "")}"));
        }

        var final = witness.Drain(DateTimeOffset.UtcNow);
        storm.StandardInput.Close();
        storm.WaitForExit();
        string own = result.Result ?? "";
        var s = witness.Summary(DateTimeOffset.UtcNow);
        long nproc = s.ByLimitUser.Where(l => l.Uid == uid && l.Limit == RefusalLimits.Nproc).Sum(l => l.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"storm's own count: {own}\nwitness: {witness.Total} counted ({nproc} nproc for uid {uid}), {witness.Lost} lost by the kernel's buffer, "
            + $"{witness.Total + witness.Lost} together; restarts {witness.Restarts}, malformed {witness.Malformed}\n"
            + $"Drain CPU (CLOCK_THREAD_CPUTIME_ID, user + system): {drainCpu.TotalMilliseconds / (ticks - 1):F2} ms per 1-s tick on average after the first, "
            + $"worst {worst.TotalMilliseconds:F2} ms, {ticks} ticks, budget {maxBytes / 1024} KiB per drain, buffer {bufferKb} KiB per CPU"));
        _ = final;
    }
}
