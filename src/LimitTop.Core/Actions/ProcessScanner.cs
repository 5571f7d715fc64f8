using System.Globalization;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Text;

namespace LimitTop.Core.Actions;

/// <summary>A process found alive by a re-scan.</summary>
public readonly record struct LiveMember(int Pid, ulong StartTicks, char State)
{
    public ProcessRef Ref => new(Pid, StartTicks);
}

/// <summary>Finds the current members of a kill target (group kills re-scan every round to catch new forks).</summary>
public interface IProcessScanner
{
    /// <summary>
    /// Fills <paramref name="into"/> with the target's live members by the target's rule: zombies, kernel
    /// threads, PID 1 and limittop itself are left out.
    /// </summary>
    void Scan(KillTarget target, List<LiveMember> into);

    /// <summary>The process now holding <paramref name="pid"/>; false when there is none.</summary>
    bool TryIdentify(int pid, out LiveMember member);

    /// <summary>The cgroup.kill file of a v2 cgroup target when the kernel has one (5.14+); else null.</summary>
    string? CgroupKillPath(KillTarget target);
}

/// <summary>
/// A light /proc scan, separate from the <see cref="Sampler"/> so a kill never disturbs the dashboard's CPU%
/// and event baselines. SameCommand: reads status (uid, name) of every PID and cmdline only of candidates;
/// Cgroup: reads cgroup.procs of the cgroup and every cgroup below it, then each member's stat.
/// Not thread-safe; uses the held-open /proc and /sys directories of <see cref="FileReader"/>.
/// </summary>
public sealed class ProcessScanner : IProcessScanner, IDisposable
{
    private readonly ProcRoot _root;
    private readonly FileReader _proc;
    private readonly FileReader? _sys;
    private readonly CgroupReader _cgroups;
    private readonly int _self;
    private readonly List<int> _pids = new(1024);

    public ProcessScanner(ProcRoot root, int? selfPid = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = root;
        _proc = new FileReader(root.Proc);
        _sys = Directory.Exists(root.Sys) ? new FileReader(root.Sys) : null;
        _cgroups = new CgroupReader(_sys);
        _self = selfPid ?? Environment.ProcessId;
    }

    public void Scan(KillTarget target, List<LiveMember> into)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        switch (target.Scope)
        {
            case KillScope.Process:
                if (TryIdentify(target.Selected.Pid, out var m) && m.State is not ('Z' or 'X')
                    && (target.Selected.StartTicks == 0 || m.StartTicks == target.Selected.StartTicks))
                {
                    into.Add(m);
                }

                break;
            case KillScope.SameCommand:
                ScanSameCommand(target, into);
                break;
            case KillScope.Cgroup:
                ScanCgroup(target, into);
                break;
        }
    }

    public bool TryIdentify(int pid, out LiveMember member)
    {
        member = default;
        if (!TryReadStat(pid, out var stat))
        {
            return false;
        }

        member = new LiveMember(pid, stat.StartTicks, stat.State);
        return true;
    }

    private bool TryReadStat(int pid, out StatFields stat)
    {
        stat = default;
        Span<char> path = stackalloc char[ProcPath.MaxLength];
        return pid > 0 && _proc.TryRead(ProcPath.Of(path, pid, "/stat"), out var s, out _) && StatParser.TryParse(s, out stat);
    }

    public string? CgroupKillPath(KillTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Scope != KillScope.Cgroup || target.CgroupVersion != 2 || CgroupDirectory(target) is not { } dir)
        {
            return null;
        }

        string file = Path.Combine(dir, "cgroup.kill");
        return File.Exists(file) ? file : null;
    }

    /// <summary>Absolute directory of a cgroup target under the sys root; null when unknown.</summary>
    public string? CgroupDirectory(KillTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.CgroupPath is not { } path || target.CgroupVersion is not { } v || _cgroups.FilesystemPath(v, path) is not { } rel)
        {
            return null;
        }

        return Path.Combine(_root.Sys, rel.TrimEnd('/'));
    }

    private void ScanSameCommand(KillTarget target, List<LiveMember> into)
    {
        _pids.Clear();
        _proc.ForEachRootEntry(OnRootEntry, out _);
        foreach (int pid in _pids)
        {
            if (pid == _self || pid == 1)
            {
                continue;
            }

            // Cheap checks first: stat gives the name exactly as the Sampler shows it (raw comm, escaped), the state
            // and the identity; only a process with the right name and uid costs a cmdline read.
            if (!TryReadStat(pid, out var stat) || stat.IsKernelThread || stat.State is 'Z' or 'X'
                || SafeText.Escape(stat.Comm) != target.Name)
            {
                continue;
            }

            string p = pid.ToString(CultureInfo.InvariantCulture);
            if (!_proc.TryRead(p + "/status", out var st, out _) || !StatusParser.TryParse(st, out var status) || status.RealUid != target.Uid)
            {
                continue;
            }

            string cmdline = _proc.TryRead(p + "/cmdline", out var raw, out _) ? SafeText.FromCmdline(raw) : "";
            if (KillTargets.Argv0(cmdline) != target.Argv0)
            {
                continue;
            }

            into.Add(new LiveMember(pid, stat.StartTicks, stat.State));
        }
    }

    private void ScanCgroup(KillTarget target, List<LiveMember> into)
    {
        if (CgroupDirectory(target) is not { } dir || !Directory.Exists(dir))
        {
            return; // the cgroup is gone, so are its processes
        }

        var seen = new HashSet<int>();
        AddProcs(dir, seen);
        try
        {
            foreach (string sub in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories))
            {
                AddProcs(sub, seen);
            }
        }
        catch (IOException)
        {
            // A child cgroup removed during the walk: its processes are gone or moved; the next round sees them.
        }
        catch (UnauthorizedAccessException)
        {
        }

        foreach (int pid in seen.Order())
        {
            if (pid == _self || pid == 1 || !TryIdentify(pid, out var m) || m.State is 'Z' or 'X')
            {
                continue;
            }

            into.Add(m);
        }
    }

    private static void AddProcs(string dir, HashSet<int> seen)
    {
        byte[] bytes;
        try
        {
            // cgroup.procs lists thread-group ids (v1 and v2); v1 "tasks" would list every thread.
            bytes = File.ReadAllBytes(Path.Combine(dir, "cgroup.procs"));
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        ReadOnlySpan<byte> rest = bytes;
        while (!rest.IsEmpty)
        {
            int nl = rest.IndexOf((byte)'\n');
            var line = nl < 0 ? rest : rest[..nl];
            rest = nl < 0 ? default : rest[(nl + 1)..];
            if (Parse.TryInt(line.Trim(" \t"u8), out int pid) && pid > 0)
            {
                seen.Add(pid);
            }
        }
    }

    private void OnRootEntry(ReadOnlySpan<byte> name, byte type)
    {
        if (name.Length > 0 && name[0] is >= (byte)'1' and <= (byte)'9' && Parse.TryInt(name, out int pid))
        {
            _pids.Add(pid);
        }
    }

    public void Dispose()
    {
        _proc.Dispose();
        _sys?.Dispose();
    }
}
