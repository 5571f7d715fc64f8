using LimitTop.Core.Actions;
using LimitTop.Core.Cgroups;
using LimitTop.Core.Export;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Frames;
using LimitTop.Core.Native;

namespace LimitTop.Dashboard;

/// <summary>What the actions act through; tests substitute fakes for the syscalls and the scanner.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed record ActionServices
{
    public required IProcessScanner Scanner { get; init; }

    public required ISignalSender Sender { get; init; }

    public required LimitRaiser Raiser { get; init; }

    /// <summary>Null when no sys root is there (pids.max cannot be written).</summary>
    public CgroupLimitWriter? Cgroups { get; init; }

    public required DumpWriter Dump { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public GroupKillOptions KillOptions { get; init; } = new();

    /// <summary>limittop's own PID (left out of group targets).</summary>
    public int SelfPid { get; init; } = Environment.ProcessId;
}

/// <summary>
/// Wires kill (k/F9), dump (d) and raise limit (L) into a <see cref="DashboardController"/>. Everything runs
/// on the UI thread: a group kill goes on step by step from <paramref name="schedule"/> (the app's timer; the
/// callback returns false when done) — no thread, no sleep, no process.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DashboardActions : IDisposable
{
    /// <summary>Time between the rounds of a group kill.</summary>
    public static readonly TimeSpan KillRoundInterval = TimeSpan.FromMilliseconds(100);

    private readonly DashboardController _controller;
    private readonly ActionServices _s;
    private readonly Action<TimeSpan, Func<bool>> _schedule;
    private readonly List<IDisposable> _owned = [];

    public DashboardActions(DashboardController controller, ActionServices services, Action<TimeSpan, Func<bool>> schedule)
    {
        _controller = controller;
        _s = services;
        _schedule = schedule;
        controller.Input.Actions[Command.Kill] = OpenKill;
        controller.Input.Actions[Command.Dump] = Dump;
        controller.Input.Actions[Command.RaiseLimit] = OpenRaiseLimit;
    }

    /// <summary>The real services over <paramref name="root"/>, made at start-up (held-open /proc and /sys).</summary>
    public static DashboardActions ForSystem(DashboardController controller, ProcRoot root, CgroupFs cgroupFs, string? dumpDir, Action<TimeSpan, Func<bool>> schedule)
    {
        var scanner = new ProcessScanner(root, cgroupFs); // cgroupFs: the sampler's, shared
        var cgroups = cgroupFs.Mounted ? new CgroupLimitWriter(cgroupFs) : null;
        var services = new ActionServices
        {
            Scanner = scanner,
            Sender = new SignalSender(),
            Raiser = new LimitRaiser(root: root),
            Cgroups = cgroups,
            Dump = new DumpWriter(dumpDir),
        };
        var actions = new DashboardActions(controller, services, schedule);
        // Enter's explanation: a few files of one process per sample, /sys through the sampler's cgroup object
        controller.Input.Explain = (pid, snapshot) => Core.Why.Explainer.Explain(root, pid, snapshot, cgroupFs);
        actions._owned.Add(scanner);
        if (cgroups is not null)
        {
            actions._owned.Add(cgroups);
        }

        return actions;
    }

    /// <summary>Group kills that are still going.</summary>
    public int Running { get; private set; }

    private string? OpenKill(ActionContext ctx)
    {
        if (ctx.Snapshot is null || ctx.Selected is not { } p)
        {
            return "kill: no process selected";
        }

        var targets = KillTargets.For(ctx.Snapshot, p.Pid, _s.SelfPid);
        if (targets.Count == 0)
        {
            return p.IsKernelThread ? $"kill: pid {p.Pid} is a kernel thread; it cannot be signalled" : $"kill: pid {p.Pid} is gone";
        }

        ctx.Controller.Input.OpenDialog(new KillDialog(p, targets, StartKill));
        return "";
    }

    /// <summary>Sends now (first round) and, for a group that is not gone yet, goes on from the timer.</summary>
    public string StartKill(KillTarget target, SignalChoice signal)
    {
        var kill = new GroupKill(target, signal, _s.Scanner, _s.Sender, _s.Time, _s.KillOptions);
        var first = kill.Step();
        if (!first.Finished)
        {
            Running++;
            _schedule(KillRoundInterval, () =>
            {
                var now = kill.Step();
                _controller.State.Status = now.Message;
                if (now.Finished)
                {
                    Running--;
                }

                return !now.Finished;
            });
        }

        return first.Message;
    }

    private string? Dump(ActionContext ctx)
    {
        if (ctx.Snapshot is not { } shown)
        {
            return "dump: nothing sampled yet";
        }

        return _s.Dump.Write(shown, ctx.Controller.Store.History.Before(shown)).Message;
    }

    private string? OpenRaiseLimit(ActionContext ctx)
    {
        if (ctx.Snapshot is null || ctx.Selected is not { } p)
        {
            return "raise limit: no process selected";
        }

        if (p.IsKernelThread)
        {
            return $"raise limit: pid {p.Pid} is a kernel thread; it has no limits to raise";
        }

        var plans = new[] { LimitResource.Nproc, LimitResource.Nofile, LimitResource.Sigpending }
            .Select(r => _s.Raiser.Plan(p.Pid, r)).ToList();
        ctx.Controller.Input.OpenDialog(new LimitDialog(p, plans, CgroupOf(ctx.Snapshot, p), c => ApplyLimit(new ProcessRef(p.Pid, p.StartTicks), c)));
        return "";
    }

    private PidsCgroupInfo? CgroupOf(Snapshot s, ProcessSample p)
    {
        if (p.Cgroup is not { } path || p.CgroupVersion is not { } v || path.TrimEnd('/').Length == 0
            || _s.Cgroups is not { } cgroups || !cgroups.HasPidsMax(v, path))
        {
            return null;
        }

        var usage = s.Cgroups.FirstOrDefault(c => c.Version == v && c.Path == path);
        return new PidsCgroupInfo(path, v, usage?.PidsMax, usage?.PidsCurrent);
    }

    private ActionResult ApplyLimit(ProcessRef pid, LimitChoice c)
    {
        if (c.CgroupPath is { } path)
        {
            return _s.Cgroups is { } w ? w.SetPidsMax(c.CgroupVersion, path, c.PidsMax) : new ActionResult(false, "no cgroup filesystem", Errno.ENOENT);
        }

        return c.SoftToHard ? _s.Raiser.RaiseSoftToHard(pid, c.Resource!.Value) : _s.Raiser.Set(pid, c.Resource!.Value, c.NewLimit!.Value);
    }

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }

        _owned.Clear();
    }
}
