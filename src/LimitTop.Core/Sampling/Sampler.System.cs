using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Text;

namespace LimitTop.Core.Sampling;

/// <summary>The system-wide figures: threads-max, pid_max and the PID numbers held, file-nr, memory commit, load.</summary>
public sealed partial class Sampler
{
    private CpuTimes? _lastCpu;

    /// <summary>CPU% since the previous sample from /proc/stat; null on the first read or when it cannot be read.</summary>
    private double? ReadCpuPercent()
    {
        if (!_proc.TryRead("stat", out var st, out _) || !SystemFileParsers.TryParseCpuTimes(st, out var now))
        {
            return null;
        }

        var last = _lastCpu;
        _lastCpu = now;
        return last is { } l && now.Total > l.Total ? Math.Clamp(100.0 * (now.Busy - l.Busy) / (now.Total - l.Total), 0, 100) : null;
    }

    private SystemUsage ReadSystem(List<ProcessSample> processes, List<string> warnings)
    {
        string host = (_proc.ReadText("sys/kernel/hostname") ?? Environment.MachineName).Trim();
        TimeSpan uptime = _proc.TryRead("uptime", out var up, out _) && SystemFileParsers.TryParseUptime(up, out var u) ? u : TimeSpan.Zero;
        LoadAvg load = default;
        if (!(_proc.TryRead("loadavg", out var la, out _) && SystemFileParsers.TryParseLoadAvg(la, out load)))
        {
            warnings.Add("cannot read /proc/loadavg: task count unknown");
        }

        _proc.TryReadLong("sys/kernel/threads-max", out long? threadsMax);
        _proc.TryReadLong("sys/kernel/pid_max", out long? pidMax);
        _proc.TryReadLong("sys/kernel/ns_last_pid", out long? lastPid);
        _proc.TryReadLong("sys/fs/nr_open", out long? nrOpen);
        _proc.TryReadLong("sys/vm/overcommit_memory", out long? overcommit);
        long files = 0, fileMax = 0;
        if (_proc.TryRead("sys/fs/file-nr", out var fnr, out _))
        {
            SystemFileParsers.TryParseFileNr(fnr, out files, out fileMax);
        }

        MemInfo mem = _proc.TryRead("meminfo", out var mi, out _) ? SystemFileParsers.ParseMemInfo(mi) : default;

        _pidThreads.Clear();
        foreach (var p in processes)
        {
            _pidThreads.Add((p.Pid, p.Threads));
        }

        var pids = PidSpace.Count(pidMax ?? 0, lastPid, _pidThreads, _groupIds, _taskIds);

        return new SystemUsage
        {
            Hostname = SafeText.Escape(host),
            Uptime = uptime,
            Tasks = load.Tasks,
            ThreadsMax = threadsMax ?? 0,
            PidsUsed = pids.Held,
            PidMax = pidMax ?? 0,
            PidsUsable = pids.Usable,
            PidsLowest = pids.Lowest,
            PidsHeldByGroups = pids.HeldByGroups,
            OpenFiles = files,
            FileMax = fileMax,
            NrOpen = nrOpen,
            OvercommitMode = (int)(overcommit ?? 0),
            CommittedAsBytes = mem.CommittedAsBytes,
            CommitLimitBytes = mem.CommitLimitBytes,
            CpuPercent = ReadCpuPercent(),
            MemTotalBytes = mem.MemTotalBytes,
            MemAvailableBytes = mem.MemAvailableBytes,
            LoadAverage1 = load.Load1,
            LoadAverage5 = load.Load5,
            LoadAverage15 = load.Load15,
            Processes = processes.Count,
        };
    }
}
