using LimitTop.Core.Model;
using System.Globalization;
using LimitTop.Core.Cgroups;
using LimitTop.Core.Procfs;
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
/// A light /proc scan, separate from the <see cref="Sampling.Sampler"/> so a kill never disturbs the dashboard's CPU%
/// and event baselines. SameCommand: reads status (uid, name) of every PID and cmdline only of candidates;
/// Cgroup: reads cgroup.procs of the cgroup and every cgroup below it, then each member's stat.
/// Not thread-safe; reads through a held-open /proc directory (<see cref="FileReader"/>) and the shared
/// <see cref="CgroupFs"/>.
/// </summary>
public sealed class ProcessScanner : IProcessScanner, IDisposable
{
    private readonly FileReader _proc;
    private readonly CgroupFs _cgroups;
    private readonly bool _ownsCgroups;
    private readonly int _self;
    private readonly List<int> _pids = new(1024);
    private readonly List<string> _children = [];
    private readonly CmdlineReader _cmdlines = new();

    /// <summary>Scans <paramref name="root"/>'s /proc, and cgroups through <paramref name="cgroups"/> (the sampler's; not disposed here).</summary>
    public ProcessScanner(ProcRoot root, CgroupFs cgroups, int? selfPid = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(cgroups);
        _proc = new FileReader(root.Proc);
        _cgroups = cgroups;
        _self = selfPid ?? Environment.ProcessId;
    }

    /// <summary>Opens a cgroup filesystem of its own over <paramref name="root"/> (tests, tools without a sampler).</summary>
    public ProcessScanner(ProcRoot root, int? selfPid = null)
        : this(root, CgroupFs.Open(root ?? throw new ArgumentNullException(nameof(root))), selfPid)
    {
        _ownsCgroups = true;
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
        if (target.Scope != KillScope.Cgroup || target.CgroupVersion != 2 || target.CgroupPath is not { } path
            || !_cgroups.Exists(2, path, "cgroup.kill"))
        {
            return null;
        }

        return _cgroups.FilePath(2, path, "cgroup.kill");
    }

    private void ScanSameCommand(KillTarget target, List<LiveMember> into)
    {
        _pids.Clear();
        _proc.ForEachRootEntry(OnRootEntry, out _);
        foreach (int pid in _pids)
        {
            if (pid == _self || (pid == 1 && target.Selected.Pid != 1))
            {
                continue; // PID 1 only when it is the one selected
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

            int hash = 0; // capped as the Sampler reads it, so a 2 MB argv costs 4 KiB here too and argv0 compares alike
            string cmdline = _cmdlines.Read(_proc, p + "/cmdline", "", ref hash);
            if (Argv.First(cmdline) != target.Argv0)
            {
                continue;
            }

            into.Add(new LiveMember(pid, stat.StartTicks, stat.State));
        }
    }

    private void ScanCgroup(KillTarget target, List<LiveMember> into)
    {
        if (target.CgroupPath is not { } top || target.CgroupVersion is not { } v)
        {
            return;
        }

        // The cgroup and every cgroup below it. A child removed during the walk: its processes are gone or moved,
        // and the next round sees them; a vanished top cgroup took its processes with it.
        var seen = new HashSet<int>();
        var pending = new Stack<string>();
        pending.Push(top);
        while (pending.TryPop(out string? path))
        {
            _cgroups.TryReadProcs(v, path, seen, out _);
            if (_cgroups.TryListChildren(v, path, _children, out _))
            {
                for (int i = _children.Count - 1; i >= 0; i--)
                {
                    pending.Push(_children[i]);
                }
            }
        }

        foreach (int pid in seen.Order())
        {
            if (pid == _self || (pid == 1 && target.Selected.Pid != 1) || !TryIdentify(pid, out var m) || m.State is 'Z' or 'X')
            {
                continue;
            }

            into.Add(m);
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
        if (_ownsCgroups)
        {
            _cgroups.Dispose();
        }
    }
}
