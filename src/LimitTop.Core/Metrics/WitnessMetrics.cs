using LimitTop.Core.Model;
using System.Globalization;

namespace LimitTop.Core.Metrics;

/// <summary>
/// The refusal witness's families for /metrics (issue 26): whether the kernel reports refusals to limittop, the
/// refusals per (limit, user) and per (limit, cgroup) — one family, two label sets, as the issue names them, so a
/// query sums one label set, never both — and the refusals the kernel's buffer dropped. Labels are bounded by
/// the witness (256 per set, the rest under "other").
/// </summary>
public static class WitnessMetrics
{
    public const string Up = "limittop_witness_up";
    public const string Refused = "limittop_task_creations_refused_total";
    public const string Lost = "limittop_task_creations_refused_lost_total";

    /// <param name="userName">uid → user name (the snapshot's); null writes the numeric uid.</param>
    public static void Write(MetricsTextWriter w, RefusalSummary summary, Func<int, string>? userName = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(summary);
        w.Gauge(Up, "1 when the kernel reports refused task creations to limittop (tracefs syscall events), else 0: " + summary.Witness.Message);
        w.Sample(summary.Witness.Up ? 1 : 0);
        w.Counter(Refused, "Task creations (fork, clone, clone3, vfork) the kernel refused since limittop started, by the limit that refused "
            + "them; one label set by user (real uid), one by the asker's pids cgroup: sum one of them, not both");
        foreach (var u in summary.ByLimitUser)
        {
            string user = u.Uid is { } uid ? userName?.Invoke(uid) ?? uid.ToString(CultureInfo.InvariantCulture) : "other";
            w.Sample(u.Count, ("limit", u.Limit), ("user", user));
        }

        foreach (var c in summary.ByLimitCgroup)
        {
            w.Sample(c.Count, ("limit", c.Limit), ("cgroup", c.Cgroup));
        }

        w.Counter(Lost, "Refused task creations the kernel's trace buffer dropped before limittop read them (per_cpu stats: overrun and dropped events)");
        w.Sample(summary.Lost);
    }
}
