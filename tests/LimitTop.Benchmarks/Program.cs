using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;

namespace LimitTop.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["cpu", ..])
        {
            CpuPerSnapshot(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500);
            return;
        }

        if (args is ["witness-idle", ..])
        {
            WitnessStorm.Idle(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10000);
            return;
        }

        if (args is ["witness", ..])
        {
            WitnessStorm.Run(args);
            return;
        }

        if (args is ["journal-parts"])
        {
            JournalParts.Run();
            return;
        }

        if (args is ["journal-what", _])
        {
            JournalWhat.Run(args);
            return;
        }

        if (args is ["journal-day", _, ..])
        {
            JournalDay.Run(args);
            return;
        }

        if (args is ["journal", ..])
        {
            JournalBudget.Run(args);
            return;
        }

        if (args is ["trend"])
        {
            TrendMemory.Run();
            return;
        }

        if (args is ["first", ..])
        {
            FirstSample.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3);
            return;
        }

        if (args is ["parts", ..])
        {
            TickParts.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30);
            return;
        }

        if (args is ["names", ..])
        {
            NamerCost.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30);
            return;
        }

        if (args is ["stage", ..])
        {
            StageCost.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
            return;
        }

        if (args is ["frame", ..])
        {
            FrameParts.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    internal static unsafe (TimeSpan User, TimeSpan Sys) ThreadTimes()
    {
        // getrusage(RUSAGE_THREAD): struct rusage starts with ru_utime and ru_stime (struct timeval each).
        long* ru = stackalloc long[18];
        _ = Tmds.Linux.LibC.syscall(98, 1, ru);
        return (TimeSpan.FromTicks((ru[0] * TimeSpan.TicksPerSecond) + (ru[1] * 10)), TimeSpan.FromTicks((ru[2] * TimeSpan.TicksPerSecond) + (ru[3] * 10)));
    }

    /// <summary>
    /// <c>cpu [N]</c>: CPU time per snapshot of the machine as it is (start load/field-load.sh first), after a
    /// warm-up: the sampler's own thread CPU (user + system) and the process's user/system split.
    /// </summary>
    private static void CpuPerSnapshot(int n)
    {
        using var sampler = new Sampler(ProcRoot.Default);
        for (int i = 0; i < 100; i++)
        {
            sampler.Sample();
        }

        var (tu0, ts0) = ThreadTimes();
        var me = Process.GetCurrentProcess();
        me.Refresh();
        TimeSpan user0 = me.UserProcessorTime, sys0 = me.PrivilegedProcessorTime, thread = TimeSpan.Zero;
        var wall = Stopwatch.StartNew();
        int processes = 0;
        long tasks = 0;
        for (int i = 0; i < n; i++)
        {
            var s = sampler.Sample();
            thread += s.SampleCpu;
            processes = s.Processes.Count;
            tasks = s.System.Tasks;
        }

        wall.Stop();
        var (tu1, ts1) = ThreadTimes();
        me.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sampler thread: user {(tu1 - tu0).TotalMilliseconds / n:0.000} + sys {(ts1 - ts0).TotalMilliseconds / n:0.000} ms/snapshot"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{processes} processes, {tasks} tasks: thread CPU {thread.TotalMilliseconds / n:0.000} ms/snapshot, process user {(me.UserProcessorTime - user0).TotalMilliseconds / n:0.000} + sys {(me.PrivilegedProcessorTime - sys0).TotalMilliseconds / n:0.000} ms, wall {wall.Elapsed.TotalMilliseconds / n:0.000} ms ({n} snapshots)"));
    }
}
