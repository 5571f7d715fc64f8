namespace LimitTop.Core.Limits;

/// <summary>How a limits.conf domain names who it is for (pam_limits.c's parse_uid_range).</summary>
public enum DomainRange
{
    /// <summary>A name, @group, %group, "*" or "%".</summary>
    None,

    /// <summary>":N" (or "@:N", "%:N"): exactly uid/gid N.</summary>
    One,

    /// <summary>"N:M": N to M.</summary>
    MinMax,

    /// <summary>"N:": N and above.</summary>
    Min,
}

/// <summary>
/// One line of limits.conf split as pam_limits does: leading blanks skipped, '#' starts a comment, fields
/// split on blanks, the value is the rest of the line (trimmed). <see cref="Fields"/> counts those present:
/// 4 is a limit line, 2 with a type starting with '-' a no-limits line, anything else is malformed.
/// </summary>
public sealed record LimitsLine(string File, int Number, string Domain, string Type, string Item, string Value, int Fields,
    DomainRange Range, long Min, long Max)
{
    /// <summary>Splits one line; null for a blank or comment line. <paramref name="problem"/> is set for a bad uid/gid range.</summary>
    public static LimitsLine? Split(string file, int number, string raw, out string? problem)
    {
        problem = null;
        string line = raw.TrimStart(' ', '\t', '\r', '\v', '\f');
        int hash = line.IndexOf('#');
        if (hash >= 0)
        {
            line = line[..hash];
        }

        line = line.TrimEnd('\n');
        if (line.Length == 0)
        {
            return null;
        }

        var fields = new string[4];
        int n = 0, pos = 0;
        while (n < 3)
        {
            while (pos < line.Length && line[pos] is ' ' or '\t')
            {
                pos++;
            }

            if (pos >= line.Length)
            {
                break;
            }

            int end = line.IndexOfAny([' ', '\t'], pos);
            end = end < 0 ? line.Length : end;
            fields[n++] = line[pos..end];
            pos = end;
        }

        if (n == 3)
        {
            string rest = line[pos..].Trim(' ', '\t');
            if (rest.Length > 0)
            {
                fields[n++] = rest;
            }
        }

        string domain = fields[0] ?? "";
        if (!TryRange(domain, out var range, out long min, out long max))
        {
            problem = $"invalid uid range '{domain}' - skipped";
            return null;
        }

        return new LimitsLine(file, number, domain, (fields[1] ?? "").ToLowerInvariant(),
            n == 4 ? fields[2]!.ToLowerInvariant() : fields[2] ?? "", n == 4 ? fields[3]!.ToLowerInvariant() : "", n, range, min, max);
    }

    private static bool TryRange(string domain, out DomainRange range, out long min, out long max)
    {
        range = DomainRange.None;
        min = max = -1;
        int colon = domain.IndexOf(':');
        if (colon < 0)
        {
            return true;
        }

        string r = domain[0] is '@' or '%' ? domain[1..] : domain;
        colon = r.IndexOf(':');
        string lo = r[..colon], hi = r[(colon + 1)..];
        range = lo.Length == 0 ? DomainRange.One : DomainRange.MinMax;
        if (range == DomainRange.MinMax)
        {
            if (!ulong.TryParse(lo, out ulong l))
            {
                return false;
            }

            min = (long)Math.Min(l, uint.MaxValue);
        }

        if (hi.Length == 0)
        {
            range = range == DomainRange.One ? DomainRange.None : DomainRange.Min;
            return range != DomainRange.None;
        }

        if (!ulong.TryParse(hi, out ulong h))
        {
            return false;
        }

        max = (long)Math.Min(h, uint.MaxValue);
        if (range == DomainRange.One)
        {
            min = max;
        }

        return true;
    }
}
