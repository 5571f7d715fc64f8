using System.Globalization;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Text;
using LimitTop.Core.Native;

namespace LimitTop.Core.Actions;

/// <summary>The per-process limits `L` can raise; values are the kernel's RLIMIT_* numbers.</summary>
public enum LimitResource
{
    Nproc = 6,
    Nofile = 7,
    Sigpending = 11,
}

/// <summary>The outcome of an action in words; <see cref="Errno"/> is 0 on success.</summary>
public sealed record ActionResult(bool Ok, string Message, int Errno = 0)
{
    public override string ToString() => Message;
}

/// <summary>What the limit dialog can offer for one process and resource.</summary>
/// <param name="Current">Soft/hard now (null = unlimited); null when it could not be read.</param>
/// <param name="SoftToHard">The soft limit raised to the hard one; null when already equal.</param>
/// <param name="HardRaise">Soft and hard raised to the ceiling (nofile: fs.nr_open, others: unlimited); null without CAP_SYS_RESOURCE.</param>
public sealed record LimitPlan(int Pid, LimitResource Resource, LimitPair? Current, LimitPair? SoftToHard, LimitPair? HardRaise, string? Problem);

/// <summary>
/// Reads and raises RLIMIT_NPROC / NOFILE / SIGPENDING of another process with prlimit64(2). The kernel rules
/// (kernel/sys.c do_prlimit, check_prlimit_permission):
/// <list type="bullet">
/// <item>a process of another user needs CAP_SYS_RESOURCE — even root, when its bounding set lacks it (EPERM);</item>
/// <item>raising a hard limit needs CAP_SYS_RESOURCE (EPERM); a soft limit above the hard one is EINVAL;</item>
/// <item>a hard NOFILE above fs.nr_open is EPERM.</item>
/// </list>
/// </summary>
public sealed class LimitRaiser
{
    private const int CapSysResource = 24;
    private readonly IActionSyscalls _sys;
    private readonly PidGuard _guard;
    private readonly bool _hasSysResource;
    private readonly long? _nrOpen;
    private readonly SelfCredentials _self;

    /// <param name="hasSysResource">Whether this process holds CAP_SYS_RESOURCE; null reads CapEff of /proc/self/status.</param>
    /// <param name="nrOpen">fs.nr_open; null reads /proc/sys/fs/nr_open.</param>
    /// <param name="startOf">A pid's start time now (null: gone); null reads live /proc (<see cref="PidGuard"/>).</param>
    /// <param name="self">limittop's uid and capabilities for the words of a refusal; null reads /proc/self/status.</param>
    public LimitRaiser(IActionSyscalls? syscalls = null, bool? hasSysResource = null, long? nrOpen = null, ProcRoot? root = null,
        Func<int, ulong?>? startOf = null, SelfCredentials? self = null)
    {
        _sys = syscalls ?? LinuxActionSyscalls.Instance;
        _guard = new PidGuard(_sys, startOf);
        root ??= ProcRoot.Default;
        _hasSysResource = hasSysResource ?? HasCapability(root, CapSysResource);
        self ??= SelfCredentials.Read(root) ?? new SelfCredentials(-1, 0);
        _self = self with { CapEff = _hasSysResource ? self.CapEff | (1UL << CapSysResource) : self.CapEff & ~(1UL << CapSysResource) };
        _nrOpen = nrOpen ?? ReadLong(Path.Combine(root.Proc, "sys/fs/nr_open"));
    }

    /// <summary>True when hard limits can be raised (and other users' limits changed).</summary>
    public bool CanRaiseHard => _hasSysResource;

    public static string Name(LimitResource r) => r switch
    {
        LimitResource.Nproc => LimitNames.Nproc,
        LimitResource.Nofile => LimitNames.Nofile,
        LimitResource.Sigpending => LimitNames.Sigpending,
        _ => r.ToString(),
    };

    /// <summary>Reads the current soft/hard limit (null = unlimited).</summary>
    public ActionResult Read(int pid, LimitResource resource, out LimitPair current)
    {
        current = default;
        int err = _sys.Prlimit(pid, (int)resource, null, out var old);
        if (err != 0)
        {
            return Fail(pid, resource, err, raisingHard: false);
        }

        current = FromRaw(old);
        return new ActionResult(true, $"{Name(resource)} of pid {pid}: soft {Num(current.Soft)}, hard {Num(current.Hard)}");
    }

    public LimitPlan Plan(int pid, LimitResource resource)
    {
        var read = Read(pid, resource, out var cur);
        if (!read.Ok)
        {
            return new LimitPlan(pid, resource, null, null, null, read.Message);
        }

        LimitPair? softToHard = cur.Soft == cur.Hard ? null : new LimitPair(cur.Hard, cur.Hard);
        LimitPair? hard = null;
        if (_hasSysResource)
        {
            long? ceiling = resource == LimitResource.Nofile ? _nrOpen : null;
            var target = new LimitPair(ceiling, ceiling);
            if (target != cur && Below(cur.Hard, ceiling))
            {
                hard = target;
            }
        }

        return new LimitPlan(pid, resource, cur, softToHard, hard, null);
    }

    /// <summary>Raises the soft limit to the hard one (the step any owner may take).</summary>
    public ActionResult RaiseSoftToHard(int pid, LimitResource resource)
    {
        var read = Read(pid, resource, out var cur);
        if (!read.Ok)
        {
            return read;
        }

        if (cur.Soft == cur.Hard)
        {
            return new ActionResult(true, $"{Name(resource)} of pid {pid}: soft is already the hard limit ({Num(cur.Hard)})");
        }

        return Set(pid, resource, new LimitPair(cur.Hard, cur.Hard));
    }

    /// <summary>Sets soft and hard (null = unlimited) and reads them back.</summary>
    public ActionResult Set(int pid, LimitResource resource, LimitPair limit)
    {
        var read = Read(pid, resource, out var before);
        if (!read.Ok)
        {
            return read;
        }

        bool raisingHard = Below(before.Hard, limit.Hard) && before.Hard != limit.Hard;
        int err = _sys.Prlimit(pid, (int)resource, ToRaw(limit), out _);
        if (err != 0)
        {
            return Fail(pid, resource, err, raisingHard, limit);
        }

        // Read back: the kernel's view is what counts (and what /proc/PID/limits shows).
        var after = limit;
        if (_sys.Prlimit(pid, (int)resource, null, out var now) == 0)
        {
            after = FromRaw(now);
        }

        return new ActionResult(true,
            $"{Name(resource)} of pid {pid}: soft {Num(before.Soft)} → {Num(after.Soft)}, hard {Num(before.Hard)} → {Num(after.Hard)}");
    }

    /// <summary><see cref="RaiseSoftToHard(int, LimitResource)"/> on the process <paramref name="target"/> names (see <see cref="Guarded"/>).</summary>
    public ActionResult RaiseSoftToHard(ProcessRef target, LimitResource resource)
        => Guarded(target, resource, () => RaiseSoftToHard(target.Pid, resource));

    /// <summary><see cref="Set(int, LimitResource, LimitPair)"/> on the process <paramref name="target"/> names (see <see cref="Guarded"/>).</summary>
    public ActionResult Set(ProcessRef target, LimitResource resource, LimitPair limit)
        => Guarded(target, resource, () => Set(target.Pid, resource, limit));

    /// <summary>
    /// The dialog opened on a row; its PID may have changed hands since. Pins the process with a pidfd and checks its
    /// start time (<see cref="PidGuard"/>), checks it has not exited, acts, then checks again. prlimit64(2) has no
    /// pidfd form, so one race is left and said: the process exiting and its number being taken by a new process
    /// between the last check and the prlimit call — a window of one syscall, which a PID reuse can only hit after
    /// pid_max numbers were handed out (docs/kernel-limits.md §15). When it exited meanwhile, the message says so.
    /// </summary>
    private ActionResult Guarded(ProcessRef target, LimitResource resource, Func<ActionResult> act)
    {
        using var hold = _guard.Hold(target);
        if (hold.State == PidHoldState.Replaced
            || (hold.State == PidHoldState.Pinned && _sys.PidfdExited(hold.Pidfd)))
        {
            string why = hold.State == PidHoldState.Replaced ? "is now a different process (the PID was reused)" : "has exited";
            return new ActionResult(false, $"{Name(resource)} of pid {target.Pid}: it {why}; nothing changed", Errno.ESRCH);
        }

        if (hold.State == PidHoldState.Failed)
        {
            return Fail(target.Pid, resource, hold.Errno, raisingHard: false);
        }

        var result = act();
        if (hold.State == PidHoldState.Pinned && _sys.PidfdExited(hold.Pidfd))
        {
            return result with
            {
                Message = result.Message + $" — but pid {target.Pid} exited meanwhile; had its number been reused at that instant, the change reached the newcomer",
            };
        }

        return result;
    }

    private ActionResult Fail(int pid, LimitResource resource, int err, bool raisingHard, LimitPair? wanted = null)
    {
        string what = $"{Name(resource)} of pid {pid}";
        string msg = err switch
        {
            Errno.EPERM when raisingHard && resource == LimitResource.Nofile && wanted?.Hard is { } h && _nrOpen is { } nr && h > nr
                => $"{what}: not permitted — hard nofile {Num(h)} is above fs.nr_open ({Num(nr)})",
            Errno.EPERM when raisingHard && !_hasSysResource
                => $"{what}: not permitted — raising a hard limit needs CAP_SYS_RESOURCE (this limittop lacks it)",
            Errno.EPERM => $"{what}: operation not permitted — {_self.PrlimitRefused}",
            Errno.ESRCH => $"{what}: no such process — it already exited",
            Errno.EINVAL => $"{what}: invalid limit (EINVAL) — the soft limit cannot exceed the hard one",
            _ => $"{what}: {Errno.Describe(err)}",
        };
        return new ActionResult(false, msg, err);
    }

    private static bool Below(long? current, long? target) => target is null ? true : current is { } c && c <= target.Value;

    private static RLimit64 ToRaw(LimitPair p)
        => new(p.Soft is { } s ? (ulong)s : RLimit64.Infinity, p.Hard is { } h ? (ulong)h : RLimit64.Infinity);

    private static LimitPair FromRaw(RLimit64 r)
        => new(r.Cur >= long.MaxValue ? null : (long)r.Cur, r.Max >= long.MaxValue ? null : (long)r.Max);

    public static string Num(long? v) => Figures.Limit(v);

    private static bool HasCapability(ProcRoot root, int cap)
    {
        try
        {
            foreach (string line in File.ReadLines(Path.Combine(root.Proc, "self/status")))
            {
                if (line.StartsWith("CapEff:", StringComparison.Ordinal)
                    && ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong eff))
                {
                    return (eff & (1UL << cap)) != 0;
                }
            }
        }
        catch (IOException)
        {
        }

        return false;
    }

    private static long? ReadLong(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
