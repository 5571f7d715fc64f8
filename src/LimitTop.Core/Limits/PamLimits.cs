using LimitTop.Core.Platform;

namespace LimitTop.Core.Limits;

/// <summary>
/// How specific the line that set a value is (pam_limits.c's LIMITS_DEF_*): a line applies when it is at
/// least as specific as the one before it, so user beats @group beats `*`, and among equals the later line wins.
/// </summary>
public enum LimitSource
{
    User = 0,
    Group = 1,
    AllGroup = 2,
    All = 3,
    Default = 4,
    None = 6,
}

/// <summary>One value a login would get; <see cref="Value"/> null is unlimited.</summary>
public sealed record LimitSetting(long? Value, LimitSource Source, string File, int Line, string Text);

/// <summary>The soft and hard value of one item (nproc, nofile, …); either is null when no line set it.</summary>
public sealed record LimitItem(string Item, LimitSetting? Soft, LimitSetting? Hard);

/// <summary>A line pam_limits skipped (or a file it could not read), and why.</summary>
public sealed record LimitsIssue(string File, int Line, string Problem);

/// <summary>What a new login of one user gets from pam_limits.</summary>
/// <param name="Items">By item name ("nproc"), only items some line set.</param>
/// <param name="NoLimits">The "&lt;domain&gt; -" line that ended the parse (then nothing is applied), or null.</param>
/// <param name="Failed">A file could not be read: pam_limits fails the session and applies nothing.</param>
/// <param name="Files">The files read, in order.</param>
public sealed record PamLimitsResult(IReadOnlyDictionary<string, LimitItem> Items, LimitsLine? NoLimits, LimitsIssue? Failed,
    IReadOnlyList<LimitsIssue> Issues, IReadOnlyList<string> Files)
{
    /// <summary>True when the login's limits are set from <see cref="Items"/> (no "-" line, no unreadable file).</summary>
    public bool Applies => NoLimits is null && Failed is null;

    public LimitItem? this[string item] => Applies && Items.TryGetValue(item, out var i) ? i : null;
}

/// <summary>
/// Reads limits.conf and limits.d/*.conf (file names in C-locale order) as pam_limits.c does, for one account,
/// with its quirks: "%" domains set only maxlogins, a "-" type sets soft then hard (and stops at the soft one when
/// a more specific line set it), "-1"/"-"/"unlimited"/"infinity" are unlimited, KB items are multiplied by 1024,
/// nofile unlimited becomes fs.nr_open, "@min:max" checks the primary gid only. Debian's pam (1.5.2-6, this VM's)
/// applies neither @group nor `*` lines to root; <paramref name="rootSkipsGroups"/> says whether to follow it.
/// See docs/kernel-limits.md.
/// </summary>
public static class PamLimits
{
    private static readonly HashSet<string> RlimitItems = ["cpu", "fsize", "data", "stack", "core", "rss", "nproc", "nofile",
        "memlock", "as", "locks", "sigpending", "msgqueue", "nice", "rtprio", "rttime"];

    private static readonly HashSet<string> OtherItems = ["maxlogins", "maxsyslogins", "priority", "nonewprivs", "chroot"];

    private static readonly HashSet<string> KbItems = ["fsize", "data", "stack", "core", "rss", "memlock", "as"];

    /// <summary>The files pam_limits reads under <paramref name="etc"/>: security/limits.conf, then limits.d/*.conf by name.</summary>
    public static IReadOnlyList<string> Files(string etc)
    {
        var files = new List<string> { Path.Combine(etc, "security", "limits.conf") };
        string dir = Path.Combine(etc, "security", "limits.d");
        try
        {
            var names = Directory.GetFiles(dir, "*.conf")
                .Where(f => !Path.GetFileName(f).StartsWith('.') && Path.GetFileName(f).EndsWith(".conf", StringComparison.Ordinal))
                .ToList();
            names.Sort((a, b) => string.CompareOrdinal(Path.GetFileName(a), Path.GetFileName(b)));
            files.AddRange(names);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return files;
    }

    public static PamLimitsResult Read(string etc, LoginAccount account, long? nrOpen, bool rootSkipsGroups = true)
    {
        var files = Files(etc);
        var issues = new List<LimitsIssue>();
        var soft = new Dictionary<string, LimitSetting>();
        var hard = new Dictionary<string, LimitSetting>();
        var read = new List<string>();
        foreach (string file in files)
        {
            // One bounded reader (Platform.BoundedFile): a FIFO, a link to /dev/zero or a huge file planted as a
            // limits.d entry is a file pam_limits could not read, never a hang or a memory sink.
            switch (BoundedFile.Read(file, BoundedFile.ConfigCap, out byte[] bytes, out string? unreadable))
            {
                case BoundedRead.Missing:
                    continue; // pam_limits skips a file that is not there (ENOENT), limits.conf included
                case BoundedRead.Refused:
                    var failed = new LimitsIssue(file, 0, $"cannot read: {unreadable}");
                    issues.Add(failed);
                    return new PamLimitsResult(Merge(soft, hard), null, failed, issues, read);
            }

            string text = System.Text.Encoding.UTF8.GetString(bytes);
            read.Add(file);
            var lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                var line = LimitsLine.Split(file, i + 1, lines[i], out string? problem);
                if (problem is not null)
                {
                    issues.Add(new LimitsIssue(file, i + 1, problem));
                }

                if (line is null)
                {
                    continue;
                }

                if (line.Fields == 4)
                {
                    if (Match(line, account, rootSkipsGroups) is { } source)
                    {
                        Apply(line, source, nrOpen, soft, hard, issues);
                    }
                }
                else if (line.Fields == 2 && line.Type.StartsWith('-'))
                {
                    if (EndsParse(line, account))
                    {
                        return new PamLimitsResult(Merge(soft, hard), line, null, issues, read);
                    }
                }
                else
                {
                    issues.Add(new LimitsIssue(file, i + 1, "invalid line - skipped"));
                }
            }
        }

        return new PamLimitsResult(Merge(soft, hard), null, null, issues, read);
    }

    /// <summary>Which kind of domain admits the account, or null (parse_config_file's i == 4 branch).</summary>
    private static LimitSource? Match(LimitsLine l, LoginAccount a, bool rootSkipsGroups)
    {
        string d = l.Domain;
        if (d == a.Name)
        {
            return LimitSource.User;
        }

        bool skip = rootSkipsGroups && a.Uid == 0;
        if (d.StartsWith('@'))
        {
            bool member = l.Range switch
            {
                DomainRange.None => a.InGroup(d[1..]),
                DomainRange.One => a.InGroup((int)l.Max),
                DomainRange.MinMax => a.Gid <= l.Max && a.Gid >= l.Min,
                _ => a.Gid >= l.Min,
            };
            return member && !skip ? LimitSource.Group : null;
        }

        if (d.StartsWith('%'))
        {
            return l.Range switch
            {
                DomainRange.None when d == "%" => LimitSource.All,
                DomainRange.None when a.InGroup(d[1..]) => LimitSource.AllGroup,
                DomainRange.One when a.InGroup((int)l.Max) => LimitSource.AllGroup,
                _ => null, // a range is unsupported for %group
            };
        }

        return l.Range switch
        {
            DomainRange.None => d == "*" && !skip ? LimitSource.Default : null,
            DomainRange.One => a.Uid == l.Max ? LimitSource.User : null,
            DomainRange.MinMax => a.Uid <= l.Max && a.Uid >= l.Min ? LimitSource.User : null,
            _ => a.Uid >= l.Min ? LimitSource.User : null,
        };
    }

    /// <summary>A "&lt;domain&gt; -" line for the user, a group of it, or a uid range holding it; not for `*` or %group.</summary>
    private static bool EndsParse(LimitsLine l, LoginAccount a)
    {
        string d = l.Domain;
        if (d == a.Name)
        {
            return true;
        }

        if (d.StartsWith('@'))
        {
            return l.Range switch
            {
                DomainRange.None => a.InGroup(d[1..]),
                DomainRange.One => a.InGroup((int)l.Max),
                DomainRange.MinMax => a.Gid <= l.Max && a.Gid >= l.Min,
                _ => a.Gid >= l.Min,
            };
        }

        return l.Range switch
        {
            DomainRange.None => false,
            DomainRange.One => a.Uid == l.Max,
            DomainRange.MinMax => a.Uid <= l.Max && a.Uid >= l.Min,
            _ => a.Uid >= l.Min,
        };
    }

    private static void Apply(LimitsLine l, LimitSource source, long? nrOpen,
        Dictionary<string, LimitSetting> soft, Dictionary<string, LimitSetting> hard, List<LimitsIssue> issues)
    {
        bool rlimit = RlimitItems.Contains(l.Item);
        if (!rlimit && !OtherItems.Contains(l.Item))
        {
            issues.Add(new LimitsIssue(l.File, l.Number, $"unknown limit item '{l.Item}' - skipped"));
            return;
        }

        bool isSoft = l.Type is "soft" or "-", isHard = l.Type is "hard" or "-";
        if (!isSoft && !isHard && rlimit)
        {
            issues.Add(new LimitsIssue(l.File, l.Number, $"unknown limit type '{l.Type}' - skipped"));
            return;
        }

        if (!rlimit || source is LimitSource.All or LimitSource.AllGroup)
        {
            return; // maxlogins & co. are not rlimits; a % domain sets maxlogins only
        }

        if (!TryValue(l, nrOpen, out long? value))
        {
            issues.Add(new LimitsIssue(l.File, l.Number, $"wrong limit value '{l.Value}' for limit item '{l.Item}' - skipped"));
            return;
        }

        var setting = new LimitSetting(value, source, l.File, l.Number, $"{l.Domain} {l.Type} {l.Item} {l.Value}");
        if (isSoft)
        {
            if (soft.TryGetValue(l.Item, out var s) && s.Source < source)
            {
                return; // (the hard half of a "-" line is not looked at either)
            }

            soft[l.Item] = setting;
        }

        if (isHard && !(hard.TryGetValue(l.Item, out var h) && h.Source < source))
        {
            hard[l.Item] = setting;
        }
    }

    private static bool TryValue(LimitsLine l, long? nrOpen, out long? value)
    {
        value = null;
        string v = l.Value;
        if (l.Item is not "nice" && v is "-1" or "-" or "unlimited" or "infinity")
        {
            value = l.Item == "nofile" ? nrOpen : null;
            return true;
        }

        int digits = 0;
        while (digits < v.Length && char.IsAsciiDigit(v[digits]))
        {
            digits++;
        }

        if (digits == 0 || !ulong.TryParse(v[..digits], out ulong n))
        {
            return false; // (strtoull's "0 and nothing parsed")
        }

        ulong scaled = KbItems.Contains(l.Item) ? (n >= ulong.MaxValue / 1024 ? ulong.MaxValue : n * 1024)
            : l.Item == "cpu" ? (n >= ulong.MaxValue / 60 ? ulong.MaxValue : n * 60) : n;
        value = scaled >= long.MaxValue ? null : (long)scaled;
        return true;
    }

    private static Dictionary<string, LimitItem> Merge(Dictionary<string, LimitSetting> soft, Dictionary<string, LimitSetting> hard)
    {
        var items = new Dictionary<string, LimitItem>();
        foreach (string item in soft.Keys.Union(hard.Keys))
        {
            items[item] = new LimitItem(item, soft.GetValueOrDefault(item), hard.GetValueOrDefault(item));
        }

        return items;
    }
}
