using LimitTop.Core.Model;
using System.Globalization;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Witness;

/// <summary>
/// limittop's private tracefs instance <c>instances/limittop-PID</c> with the four syscall-exit events of task
/// creation, filtered in the kernel to <c>ret &lt; 0</c> so that successful forks cost nothing
/// (docs/kernel-limits.md §17). <see cref="Open"/> never throws: without root, tracefs or the events it returns
/// an instance whose <see cref="Status"/> says why and whose <see cref="PipeFd"/> is −1.
/// <see cref="Dispose"/> removes the instance; it is idempotent and safe from any exit path.
/// </summary>
public sealed class TraceInstance : IDisposable
{
    public const string Prefix = "limittop-";

    /// <summary>The events that report a refused task creation: glibc's pthread_create uses clone3, fork() clone.</summary>
    public static readonly string[] Events = ["sys_exit_clone", "sys_exit_clone3", "sys_exit_fork", "sys_exit_vfork"];

    private readonly string[] _statsFiles;
    private int _pipeFd;
    private bool _disposed;

    private TraceInstance(WitnessStatus status, string? directory, int pipeFd, bool recordsTgid, string[] statsFiles, bool monotonic = false)
    {
        MonotonicClock = monotonic;
        Status = status;
        Directory = directory;
        _pipeFd = pipeFd;
        RecordsTgid = recordsTgid;
        _statsFiles = statsFiles;
    }

    public WitnessStatus Status { get; private set; }

    /// <summary>The instance directory while it exists.</summary>
    public string? Directory { get; private set; }

    /// <summary>trace_pipe, opened O_RDONLY|O_NONBLOCK|O_CLOEXEC (pollable for POLLIN); −1 when down.</summary>
    public int PipeFd => _pipeFd;

    /// <summary>True when the lines carry the thread group id, <c>(  1234)</c>, after the comm-pid.</summary>
    public bool RecordsTgid { get; }

    /// <summary>True when trace_clock is mono: timestamps are CLOCK_MONOTONIC seconds.</summary>
    public bool MonotonicClock { get; }

    /// <summary>Stale instances (of limittops that died without cleaning up) removed at start-up.</summary>
    public IReadOnlyList<string> RemovedStale { get; private init; } = [];

    /// <summary>Finds or mounts tracefs, removes stale instances, creates and arms this process's instance.</summary>
    public static TraceInstance Open(WitnessOptions options)
    {
        if (!options.Enabled)
        {
            return Down(WitnessStatus.Disabled);
        }

        if (!TraceFiles.IsRoot && options.TracefsRoot is null)
        {
            return Down(WitnessStatus.Down("not-root", "tracefs needs root (limittop runs as uid " + ((uint)geteuid()).ToString(CultureInfo.InvariantCulture) + ")"));
        }

        var located = TracefsLocator.Locate(options);
        if (located.Root is null)
        {
            return Down(located.Failure!);
        }

        string instances = Path.Combine(located.Root, "instances");
        var removed = StaleInstances.Remove(instances, options.Proc);
        string dir = Path.Combine(instances, Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        _ = TraceFiles.RemoveDirectory(dir); // our own pid's leftover (pid reuse after a SIGKILL)
        int e = TraceFiles.MakeDirectory(dir);
        if (e != 0)
        {
            return Down(Failure(e, $"cannot create {dir}"));
        }

        var armed = Arm(dir, options, located.Note, removed);
        if (armed.Status.Up)
        {
            return armed;
        }

        _ = TraceFiles.RemoveDirectory(dir);
        return armed;
    }

    private static TraceInstance Arm(string dir, WitnessOptions options, string note, IReadOnlyList<string> removed)
    {
        // A small buffer: a storm overwrites it and the loss is counted exactly (per_cpu/cpuN/stats).
        _ = TraceFiles.Write(Path.Combine(dir, "buffer_size_kb"), options.BufferKbPerCpu.ToString(CultureInfo.InvariantCulture));
        // CLOCK_MONOTONIC timestamps, so an event's wall time follows from the loop's clock; optional.
        bool mono = TraceFiles.Write(Path.Combine(dir, "trace_clock"), "mono") == 0;
        bool tgid = TraceFiles.Write(Path.Combine(dir, "options", "record-tgid"), "1") == 0;
        int enabled = 0, firstError = 0;
        foreach (string ev in Events)
        {
            string evDir = Path.Combine(dir, "events", "syscalls", ev);
            if (!System.IO.Directory.Exists(evDir))
            {
                continue;
            }

            int e = TraceFiles.Write(Path.Combine(evDir, "filter"), "ret < 0");
            e = e != 0 ? e : TraceFiles.Write(Path.Combine(evDir, "enable"), "1");
            if (e == 0)
            {
                enabled++;
            }
            else if (firstError == 0)
            {
                firstError = e;
            }
        }

        if (enabled == 0)
        {
            return Down(firstError != 0
                ? Failure(firstError, "cannot enable the syscall events")
                : WitnessStatus.Down("no-events", "this kernel has no syscall exit events in tracefs (CONFIG_FTRACE_SYSCALLS)"));
        }

        int on = TraceFiles.Write(Path.Combine(dir, "tracing_on"), "1");
        int fd = Posix.Open(Path.Combine(dir, "trace_pipe"), O_RDONLY | O_NONBLOCK | O_CLOEXEC, out int openError);
        if (on != 0 || fd < 0)
        {
            return Down(Failure(on != 0 ? on : openError, on != 0 ? "cannot switch tracing on" : "cannot open trace_pipe"));
        }

        string[] stats = StatsFiles(dir);
        string stale = removed.Count == 0 ? "" : $"; removed {removed.Count} stale instance{(removed.Count == 1 ? "" : "s")}";
        var status = new WitnessStatus(true, "up",
            $"refused task creations witnessed by the kernel ({enabled} syscall events in {dir}{note}{stale})");
        return new TraceInstance(status, dir, fd, tgid, stats, mono) { RemovedStale = removed };
    }

    /// <summary>Events the kernel lost since the instance was made: overwritten before being read, or dropped.</summary>
    public long ReadLost()
    {
        long lost = 0;
        foreach (string f in _statsFiles)
        {
            string? text = TraceFiles.ReadText(f);
            if (text is not null)
            {
                lost += TraceStats.Lost(text);
            }
        }

        return lost;
    }

    /// <summary>Disables the events, closes trace_pipe and removes the instance. Idempotent; never throws.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Directory is { } dir)
        {
            _ = TraceFiles.Write(Path.Combine(dir, "tracing_on"), "0");
            foreach (string ev in Events)
            {
                _ = TraceFiles.Write(Path.Combine(dir, "events", "syscalls", ev, "enable"), "0");
            }
        }

        Posix.Close(Interlocked.Exchange(ref _pipeFd, -1));
        if (Directory is { } d)
        {
            // rmdir answers EBUSY while any file of the instance is open; ours is closed above.
            _ = TraceFiles.RemoveDirectory(d);
            Directory = null;
        }

        if (Status.Up)
        {
            Status = WitnessStatus.Down("closed", "the refusal witness was closed");
        }
    }

    private static string[] StatsFiles(string dir)
    {
        string perCpu = Path.Combine(dir, "per_cpu");
        try
        {
            return [.. System.IO.Directory.EnumerateDirectories(perCpu, "cpu*").Select(c => Path.Combine(c, "stats")).Order(StringComparer.Ordinal)];
        }
        catch (IOException)
        {
            return [];
        }
    }

    internal static WitnessStatus Failure(int errno, string what) => errno switch
    {
        Errno.EPERM or Errno.EACCES => WitnessStatus.Down("refused", $"{what}: {Errno.Describe(errno)} (root without CAP_SYS_ADMIN, or an LSM)"),
        Errno.EROFS => WitnessStatus.Down("read-only", $"{what}: {Errno.Describe(errno)} (ProtectKernelTunables= or a read-only /sys)"),
        _ => WitnessStatus.Down("error", $"{what}: {Errno.Describe(errno)}"),
    };

    private static TraceInstance Down(WitnessStatus status) => new(status, null, -1, false, []);
}
