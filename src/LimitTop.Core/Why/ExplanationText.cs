using System.Globalization;
using System.Text;

namespace LimitTop.Core.Why;

/// <summary>An <see cref="Explanation"/> in plain words: the one sentence, and the full text of <c>--why PID</c>.</summary>
public static class ExplanationText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// "pid 4242 (myapp, user bob) can start 8 more tasks: the pids cgroup /system.slice/myapp.service (TasksMax)
    /// binds at 504 of 512; its own nproc soft limit 3,859 has 211 left".
    /// </summary>
    public static string Sentence(Explanation e)
    {
        string who = $"pid {e.Pid} ({e.Name}, user {e.User})";
        if (e.Binding is not { } b)
        {
            return who + " is not held back by any limit it can reach" + (e.NprocExempt is { } x ? $" (exempt from RLIMIT_NPROC: {x})" : "");
        }

        long h = b.Headroom ?? 0;
        var next = e.Checks.Where(c => c.Applies && c.Headroom is not null && !ReferenceEquals(c, b)).MinBy(c => c.Headroom);
        string head = h <= 0
            ? $"{who} cannot create a task now: {Describe(b)} is at {Used(b)} of {Max(b)} — fork and pthread_create get {b.Errno}"
            : string.Format(Inv, "{0} can start {1:N0} more task{2}: {3} binds at {4} of {5}", who, h, h == 1 ? "" : "s", Describe(b), Used(b), Max(b));
        string tail = next is null ? "" : string.Format(Inv, "; next, {0}: {1:N0} left", Describe(next), next.Headroom);
        string exempt = e.NprocExempt is { } ex ? $"; exempt from RLIMIT_NPROC ({ex})" : "";
        return head + tail + exempt;
    }

    /// <summary>How the admin names the check: "its own nproc soft limit 3,859", "the pids cgroup /a.service (TasksMax)".</summary>
    public static string Describe(WhyCheck c) => c.Kind switch
    {
        CheckKind.Nproc => $"its own nproc soft limit {N(c.Max)}",
        CheckKind.ThreadsMax => $"kernel.threads-max {N(c.Max)}",
        CheckKind.PidNumbers => "the PID numbers (pid_max)",
        CheckKind.PidsCgroup => (c.Label is { } label ? $"the pids cgroup of {label}" : $"the pids cgroup {c.Name[5..]}")
            + (SystemdUnits.IsUnit(c.Name[5..]) ? " (TasksMax)" : ""),
        CheckKind.CommitMemory => "strict overcommit (CommitLimit − Committed_AS, one thread stack each)",
        CheckKind.MemoryCgroup => $"the {c.Name}",
        CheckKind.AddressSpace => "its RLIMIT_AS",
        _ => $"vm.max_map_count {N(c.Max)}",
    };

    /// <summary>The text <c>limittop --why PID</c> prints.</summary>
    public static string Render(Explanation e)
    {
        var sb = new StringBuilder();
        sb.Append(e.Sentence).Append('\n');
        if (e.Copies is { } g)
        {
            sb.Append(g.Describe(null).TrimStart(';', ' ')).Append('\n');
        }

        if (e.Container is { } container)
        {
            sb.Append(Inv, $"runs in container {container.Display}{(container.Id is { } id ? ", id " + id : "")}\n");
        }

        sb.Append("\nchecks of its next task, in the kernel's order (headroom in tasks):\n");
        foreach (var c in e.Checks)
        {
            string mark = ReferenceEquals(c, e.Binding) ? "binds" : c.Applies ? "" : "n/a";
            sb.Append(Inv, $"  {mark,-5} {c.Name,-34} {Used(c),14} / {Max(c),-14} headroom {(c.Headroom is { } h ? h.ToString("N0", Inv) : "-"),8}  {c.Note}\n");
        }

        sb.Append(e.NextForkFails ? "\nthe next fork fails\n" : "\nthe next fork succeeds as far as these limits go\n");
        sb.Append("\nwhere its limits came from:\n");
        foreach (var o in e.Origins)
        {
            sb.Append(Inv, $"  {o.Limit,-10} {N(o.Current),10}  {o.Source}\n");
        }

        sb.Append("  ").Append(e.Inheritance).Append('\n');
        if (e.Unit is { } u)
        {
            sb.Append(Inv, $"  systemd {u.Kind} {u.Unit}: tasks {u.TasksSetting}{At(u.TasksFile)}; nproc {u.NprocSetting}{At(u.NprocFile)}\n");
        }

        foreach (string issue in e.ConfigIssues)
        {
            sb.Append("  pam_limits skips ").Append(issue).Append('\n');
        }

        if (e.ThreadNames is { Count: > 0 } names)
        {
            sb.Append(Inv, $"\nthreads by name ({e.Threads:N0} task{(e.Threads == 1 ? "" : "s")}):\n");
            foreach (var t in names.Take(10))
            {
                sb.Append(Inv, $"  {t.Count,7:N0} × {t.Name}\n");
            }

            if (names.Count > 10)
            {
                sb.Append(Inv, $"  … and {names.Count - 10} more names\n");
            }
        }

        Refusals(sb, e);
        foreach (string note in e.Notes)
        {
            sb.Append("note: ").Append(note).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>What the refusal witness saw of this process (or why it saw nothing).</summary>
    private static void Refusals(StringBuilder sb, Explanation e)
    {
        if (e.Witness is not { } w)
        {
            return;
        }

        sb.Append("\nrefused task creations (the kernel's own reports):\n");
        if (!w.Up)
        {
            sb.Append("  ").Append(w.Message).Append('\n');
        }
        else if (e.Refused is { } r)
        {
            sb.Append(Inv, $"  {r.LastMinute:N0} in the last minute, by {r.Limit} ({Model.RefusalLimits.Words(r.Errno)})\n");
            foreach (var ev in e.RecentRefusals)
            {
                sb.Append("  ").Append(ev.Describe()).Append('\n');
            }
        }
        else
        {
            sb.Append("  none witnessed in the last minute\n");
        }
    }

    private static string At(string? file) => file is null ? "" : $" ({file})";

    private static string Used(WhyCheck c) => c.Used is null ? "?" : c.Unit == "bytes" ? MiB(c.Used) : N(c.Used);

    private static string Max(WhyCheck c) => c.Unit == "bytes" ? MiB(c.Max) : N(c.Max);

    private static string MiB(long? v) => v is { } b ? (b / (1024.0 * 1024)).ToString("N0", Inv) + " MiB" : "unlimited";

    private static string N(long? v) => v is { } n ? n.ToString("N0", Inv) : "unlimited";
}
