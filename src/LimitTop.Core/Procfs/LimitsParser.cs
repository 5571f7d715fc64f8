using System.Text;
using LimitTop.Core.Model;

namespace LimitTop.Core.Procfs;

/// <summary>
/// The one parser of /proc/PID/limits: the three limits every process row needs (<see cref="TryParse"/>, the hot
/// path) and every row by its name for <c>--why</c> (<see cref="Table"/>).
/// </summary>
public static class LimitsParser
{
    public const string Nproc = "Max processes";
    public const string Nofile = "Max open files";
    public const string Sigpending = "Max pending signals";
    public const string AddressSpace = "Max address space";
    public const string Stack = "Max stack size";

    /// <summary>Every row by its name ("Max processes"), soft and hard (null = unlimited). Rows are "%-25s %-20s %-20s %-10s": the name is the first 26 columns.</summary>
    public static Dictionary<string, LimitPair> Table(ReadOnlySpan<byte> s)
    {
        var rows = new Dictionary<string, LimitPair>(StringComparer.Ordinal);
        while (Parse.NextLine(ref s, out var line))
        {
            if (line.Length < 27 || line.StartsWith("Limit "u8))
            {
                continue;
            }

            if (ParsePair(line[26..]) is { } pair)
            {
                rows[Encoding.ASCII.GetString(line[..26]).Trim()] = pair;
            }
        }

        return rows;
    }

    /// <summary>
    /// Parses /proc/PID/limits ("Max processes   4096   4096   processes"). Lines it does not know are
    /// skipped; the three limits limittop needs must all be present.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out ProcessLimits? limits)
    {
        limits = null;
        LimitPair? nproc = null, nofile = null, sigpending = null;
        while (Parse.NextLine(ref s, out var line))
        {
            if (line.StartsWith("Max processes"u8))
            {
                nproc = ParsePair(line["Max processes"u8.Length..]);
            }
            else if (line.StartsWith("Max open files"u8))
            {
                nofile = ParsePair(line["Max open files"u8.Length..]);
            }
            else if (line.StartsWith("Max pending signals"u8))
            {
                sigpending = ParsePair(line["Max pending signals"u8.Length..]);
            }
        }

        if (nproc is null || nofile is null || sigpending is null)
        {
            return false;
        }

        limits = new ProcessLimits(nproc.Value, nofile.Value, sigpending.Value);
        return true;
    }

    private static LimitPair? ParsePair(ReadOnlySpan<byte> rest)
    {
        var soft = Parse.NextField(ref rest);
        var hard = Parse.NextField(ref rest);
        if (!TryValue(soft, out long? s) || !TryValue(hard, out long? h))
        {
            return null;
        }

        return new LimitPair(s, h);
    }

    private static bool TryValue(ReadOnlySpan<byte> f, out long? value)
    {
        value = null;
        if (f.SequenceEqual("unlimited"u8))
        {
            return true;
        }

        if (Parse.TryLong(f, out long v))
        {
            value = v;
            return true;
        }

        return false;
    }
}
