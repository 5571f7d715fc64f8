using System.Globalization;
using System.Text;
using LimitTop.Core.Procfs;
using LimitTop.Core.Text;
using LimitTop.Core.Native;

namespace LimitTop.Core.Why;

/// <summary>
/// Reads the files of the one process <c>--why</c> explains: stat, status, limits (and the parent's), maps,
/// cgroup, task/*/comm. Every failure becomes a sentence, never an exception.
/// </summary>
public static class TargetReader
{
    /// <summary>Reads <paramref name="pid"/>; on failure <paramref name="problem"/> says why in plain words.</summary>
    public static TargetFacts? Read(FileReader proc, int pid, out string? problem)
    {
        problem = null;
        string p = pid.ToString(CultureInfo.InvariantCulture);
        if (!proc.TryRead(p + "/stat", out var statBytes, out int error) || !StatParser.TryParse(statBytes, out var stat))
        {
            problem = Missing(proc, pid, error);
            return null;
        }

        if (ProcessKind.IsKernelThread(pid, stat))
        {
            problem = $"pid {pid} ({SafeText.Escape(stat.Comm)}) is a kernel thread: kthreadd creates kernel threads, and no user-space limit applies to them";
            return null;
        }

        if (!proc.TryRead(p + "/status", out var statusBytes, out error) || !StatusParser.TryParse(statusBytes, out var status))
        {
            problem = error is Errno.ENOENT or Errno.ESRCH or 0 ? Gone(pid) : $"cannot read /proc/{pid}/status: {Errno.Describe(error)}";
            return null;
        }

        if (ProcessKind.IsKernelThread(pid, stat, status.KernelThread))
        {
            problem = $"pid {pid} ({SafeText.Escape(stat.Comm)}) is a kernel thread: no user-space limit applies to it";
            return null;
        }

        var nspid = NamespacePids(statusBytes);
        if (status.State == 'Z' && status.Threads <= 1)
        {
            problem = $"pid {pid} ({SafeText.Escape(stat.Comm)}) is a zombie: it has exited and creates no task; it still holds 1 task charged to uid {status.RealUid} until its parent, pid {stat.Ppid}, reaps it";
            return null;
        }

        if (!proc.TryRead(p + "/limits", out var limitsBytes, out error))
        {
            problem = error is Errno.ENOENT or Errno.ESRCH ? Gone(pid) : $"cannot read /proc/{pid}/limits: {Errno.Describe(error)}";
            return null;
        }

        var limits = LimitsParser.Table(limitsBytes);
        if (!limits.ContainsKey(LimitsParser.Nproc))
        {
            problem = $"/proc/{pid}/limits has no 'Max processes' row";
            return null;
        }

        var parent = stat.Ppid > 0 && proc.TryRead(stat.Ppid.ToString(CultureInfo.InvariantCulture) + "/limits", out var pl, out _)
            ? LimitsParser.Table(pl) : null;
        (int? mappings, long? privateWritable) = proc.TryRead(p + "/maps", out var maps, out _) ? MapsSummary.Of(maps) : ((int?)null, (long?)null);
        var cgroups = proc.ReadText(p + "/cgroup") ?? "";
        var threads = ThreadNames(proc, pid);

        // Still the same process? (a pid reused while we read would explain a stranger)
        if (!proc.TryRead(p + "/stat", out statBytes, out _) || !StatParser.TryParse(statBytes, out var again) || again.StartTicks != stat.StartTicks)
        {
            problem = Gone(pid) + " while being read";
            return null;
        }

        return new TargetFacts
        {
            Pid = pid,
            Status = status,
            StartTicks = stat.StartTicks,
            Limits = limits,
            ParentLimits = parent,
            Mappings = mappings,
            PrivateWritableBytes = privateWritable,
            NamespacePids = nspid,
            MemoryCgroup = CgroupLine(cgroups, "memory") is { } m ? (1, m) : CgroupLine(cgroups, "") is { } u ? (2, u) : null,
            SystemdCgroup = CgroupLine(cgroups, "name=systemd") ?? CgroupLine(cgroups, ""),
            ThreadNames = threads,
        };
    }

    private static string Gone(int pid) => $"pid {pid} does not exist (it has exited)";

    private static string Missing(FileReader proc, int pid, int error)
    {
        if (error is Errno.EACCES or Errno.EPERM)
        {
            return $"cannot read /proc/{pid}: {Errno.Describe(error)}";
        }

        // hidepid=invisible (2) hides other users' processes entirely: absent and hidden look the same.
        string? mounts = proc.ReadText("self/mountinfo");
        bool hidden = mounts is not null && mounts.Split('\n').Any(l => l.Contains(" - proc ") && l.Contains("hidepid="))
            && Environment.UserName != "root";
        return hidden
            ? $"pid {pid} does not exist or is hidden: /proc is mounted with hidepid, which hides other users' processes (run as root, or as a member of its gid= group)"
            : Gone(pid);
    }

    /// <summary>NSpid: lists the pid in each PID namespace, the reader's first.</summary>
    private static int[] NamespacePids(ReadOnlySpan<byte> status)
    {
        while (Parse.NextLine(ref status, out var line))
        {
            if (line.StartsWith("NSpid:"u8))
            {
                var rest = line[6..];
                var pids = new List<int>();
                while (Parse.NextField(ref rest) is { IsEmpty: false } f)
                {
                    if (Parse.TryInt(f, out int n))
                    {
                        pids.Add(n);
                    }
                }

                return [.. pids];
            }
        }

        return [];
    }

    /// <summary>The path of the /proc/PID/cgroup line whose controllers include <paramref name="controller"/> ("" = the v2 line).</summary>
    internal static string? CgroupLine(string cgroups, string controller)
    {
        foreach (string line in cgroups.Split('\n'))
        {
            var f = line.Split(':', 3);
            if (f.Length == 3 && (controller.Length == 0 ? f[0] == "0" && f[1].Length == 0 : f[1].Split(',').Contains(controller)))
            {
                return f[2];
            }
        }

        return null;
    }

    private static List<ThreadGroup>? ThreadNames(FileReader proc, int pid)
    {
        var tids = new List<int>();
        if (!proc.ForEachEntry(pid.ToString(CultureInfo.InvariantCulture) + "/task", (name, _) =>
            {
                if (Parse.TryInt(name, out int tid))
                {
                    tids.Add(tid);
                }
            }, out _))
        {
            return null;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (int tid in tids)
        {
            if (proc.TryRead($"{pid}/task/{tid}/comm", out var comm, out _))
            {
                string name = SafeText.Escape(Encoding.UTF8.GetString(comm.TrimEnd("\n"u8)));
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        }

        return [.. counts.Select(kv => new ThreadGroup(kv.Key, kv.Value))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Name, StringComparer.Ordinal)];
    }
}
