using LimitTop.Core.Model;

namespace LimitTop.Core.Procfs;

public static class LimitsParser
{
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
