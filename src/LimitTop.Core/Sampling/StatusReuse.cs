using LimitTop.Core.Procfs;

namespace LimitTop.Core.Sampling;

/// <summary>
/// Reads /proc/PID/status only when what limittop takes from it can have changed. The thread count comes from
/// /proc/PID/stat every tick (num_threads: the same counter status prints). What status adds is the credentials (real
/// and effective uid) and the signal queue (SigQ), and
/// <list type="bullet">
/// <item>the credentials show in the owner of /proc/PID (the effective uid and gid, or root when the process is not
/// dumpable, e.g. a set-user-ID program such as sudo), which a stat reads without the kernel formatting a page of
/// text. Owned by root says nothing about the real uid, so those processes have status read every tick; a process
/// owned by another uid has it read again when the owner changes, and at least every slow interval (5 s): a real uid
/// changed alone at the same effective ids (setreuid(r, -1)) shows that late;</item>
/// <item>SigQ is a per-user counter (the real uid's, per user namespace), not a per-process one: each tick the first
/// process of each real uid in the initial user namespace has its status read, and the others of that uid take its
/// figure. Processes in other user namespaces have status read every tick.</item>
/// <item>anything else parsed from status and reused with it is as old as the last read: notably CapEff (and VmSize),
/// which decides the RLIMIT_NPROC exemption of a creating task (docs/kernel-limits.md §2, "Exemption is per creating
/// task"). A capset() changes no owner, so for a process not owned by root a gained or dropped CAP_SYS_ADMIN /
/// CAP_SYS_RESOURCE shows up to one slow interval (5 s) late; root-owned processes are read every tick.</item>
/// </list>
/// Not thread-safe; one per Sampler.
/// </summary>
internal sealed class StatusReuse
{
    private readonly FileReader _proc;
    private readonly Dictionary<int, long?> _sigQueuedThisTick = [];

    public StatusReuse(FileReader proc) => _proc = proc;

    /// <summary>Status reads this tick (for tests and the benchmark).</summary>
    public int Reads { get; private set; }

    public void BeginTick()
    {
        _sigQueuedThisTick.Clear();
        Reads = 0;
    }

    /// <summary>
    /// The status fields of <paramref name="pid"/>: from <paramref name="cache"/> when nothing they hold can have
    /// changed, else read (and cached). <paramref name="refresh"/> forces a read (the slow cadence is due);
    /// <paramref name="initialNamespace"/> says the process is known to be in the reader's user namespace.
    /// </summary>
    public bool TryGet(Span<char> path, int pid, in StatFields stat, Entry cache, bool refresh, bool initialNamespace, out StatusFields status, out int error)
    {
        error = 0;
        uint uid = 0, gid = 0;
        bool ownerKnown = false;
        if (cache.Fields is { EffectiveUid: not 0 } c)
        {
            // Only a process that ran as a user last time can skip its status; root ones cost no extra stat. The owner
            // is taken before status is read, so a change of credentials in between shows as a changed owner next tick.
            ownerKnown = _proc.TryStatOwner(ProcPath.Of(path, pid, ""), out uid, out gid, out _);
            if (!refresh && ownerKnown && uid != 0 && cache.OwnerKnown && cache.OwnerUid == uid && cache.OwnerGid == gid && initialNamespace
                && _sigQueuedThisTick.TryGetValue(c.RealUid, out long? sigQueued))
            {
                status = c with { State = stat.State, Ppid = stat.Ppid, Threads = stat.Threads, SigQueued = sigQueued };
                return true;
            }
        }

        Reads++;
        if (!_proc.TryRead(ProcPath.Of(path, pid, "/status"), out var bytes, out error) || !StatusParser.TryParse(bytes, out status))
        {
            status = default;
            cache.Fields = null;
            return false;
        }

        cache.Fields = status;
        cache.OwnerKnown = ownerKnown;
        cache.OwnerUid = uid;
        cache.OwnerGid = gid;
        if (initialNamespace)
        {
            _sigQueuedThisTick.TryAdd(status.RealUid, status.SigQueued);
        }

        return true;
    }

    /// <summary>What a process's last status read said, and the owner of /proc/PID at the time.</summary>
    public sealed class Entry
    {
        public StatusFields? Fields;
        public bool OwnerKnown;
        public uint OwnerUid;
        public uint OwnerGid;
    }
}
