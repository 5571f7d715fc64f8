using LimitTop.Core.Procfs;
using System.Globalization;
using LimitTop.Core.Limits;
using LimitTop.Core.Model;

namespace LimitTop.Core.Why;

/// <summary>
/// Where the nproc, nofile and sigpending limits of a process came from: its parent (inherited or not), pam_limits
/// for a new login of its user (file and line), the systemd unit, the kernel's boot default (init's RLIMIT_NPROC and
/// RLIMIT_SIGPENDING are threads-max/2).
/// </summary>
public static class LimitOrigins
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly (string Item, string Row)[] Items =
        [(LimitNames.Nproc, LimitsParser.Nproc), (LimitNames.Nofile, LimitsParser.Nofile), (LimitNames.Sigpending, LimitsParser.Sigpending)];

    public static string Inheritance(TargetFacts t, int ppid)
    {
        if (ppid <= 0)
        {
            return "no parent: pid 1 starts with the kernel's boot defaults and sets what it likes";
        }

        if (t.ParentLimits is not { } parent)
        {
            return $"parent pid {ppid} unreadable: cannot tell whether its limits were inherited";
        }

        var changed = Items.Where(i => t.Limits.GetValueOrDefault(i.Row) != parent.GetValueOrDefault(i.Row)).Select(i => i.Item).ToList();
        return changed.Count == 0
            ? $"inherited: nproc, nofile and sigpending equal those of its parent, pid {ppid}"
            : $"changed: {string.Join(", ", changed)} {(changed.Count == 1 ? "differs" : "differ")} from its parent pid {ppid}'s — set when it started (pam_limits of a login, systemd's Limit*=) or later (setrlimit, prlimit)";
    }

    /// <param name="initLimits">pid 1's limits (the kernel's boot defaults unless systemd changed them); null when unreadable.</param>
    public static List<LimitOrigin> Of(TargetFacts t, PamLimitsResult? pam, IReadOnlyDictionary<string, LimitPair>? initLimits, long threadsMax, List<string> notes)
    {
        var origins = new List<LimitOrigin>();
        foreach (var (item, row) in Items)
        {
            long? current = t.Limits.GetValueOrDefault(row).Soft;
            string source;
            LimitSetting? login = pam?[item]?.Soft;
            if (pam is null)
            {
                source = "no account in passwd: pam_limits not evaluated";
            }
            else if (!pam.Applies)
            {
                source = pam.NoLimits is { } nl ? $"a new login gets no pam_limits at all: '{nl.Domain} -' at {nl.File}:{nl.Number}"
                    : $"pam_limits cannot read {pam.Failed!.File}: a new login's session fails";
            }
            else if (login is null)
            {
                source = "no limits.conf line sets it for this user: a login keeps what sshd/login had";
            }
            else
            {
                source = login.Value == current ? $"as limits.conf sets it for a new login ({login.Text})" : Differs(login, current);
                if (login.Value != current && item == LimitNames.Nproc)
                {
                    notes.Add(Differs(login, current));
                }
            }

            if (initLimits?.GetValueOrDefault(row) is { } init && init.Soft == current && item is LimitNames.Nproc or LimitNames.Sigpending
                && current is { } c && (c == threadsMax / 2 || c == (threadsMax + 1) / 2 || init.Soft == init.Hard))
            {
                source += string.Format(Inv, "; equal to init's, the kernel's boot default threads-max/2 ({0:N0})", current);
            }

            origins.Add(new LimitOrigin(item, current, source, login?.File, login?.Line, login?.Value));
        }

        return origins;
    }

    private static string Differs(LimitSetting login, long? current)
    {
        bool raised = login.Value > current || (login.Value is null && current is not null);
        return string.Format(Inv, "{0} in {1}:{2}, but this process started with {3}; new logins get {4}{5}",
            raised ? "raised" : "lowered", login.File, login.Line, N(current), N(login.Value), raised ? "; press L to raise this one now" : "");
    }

    private static string N(long? v) => v is { } n ? n.ToString("N0", Inv) : "unlimited";
}
