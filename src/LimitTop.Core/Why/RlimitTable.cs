using System.Text;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Why;

/// <summary>Every row of /proc/PID/limits by its name ("Max processes"), soft and hard (null = unlimited).</summary>
public static class RlimitTable
{
    public const string Nproc = "Max processes";
    public const string Nofile = "Max open files";
    public const string Sigpending = "Max pending signals";
    public const string AddressSpace = "Max address space";
    public const string Stack = "Max stack size";

    /// <summary>Rows are "%-25s %-20s %-20s %-10s": the name is the first 26 columns.</summary>
    public static Dictionary<string, LimitPair> Parse(ReadOnlySpan<byte> s)
    {
        var rows = new Dictionary<string, LimitPair>(StringComparer.Ordinal);
        while (Procfs.Parse.NextLine(ref s, out var line))
        {
            if (line.Length < 27 || line.StartsWith("Limit "u8))
            {
                continue;
            }

            string name = Encoding.ASCII.GetString(line[..26]).Trim();
            var rest = line[26..];
            if (TryValue(Procfs.Parse.NextField(ref rest), out long? soft) && TryValue(Procfs.Parse.NextField(ref rest), out long? hard))
            {
                rows[name] = new LimitPair(soft, hard);
            }
        }

        return rows;
    }

    private static bool TryValue(ReadOnlySpan<byte> f, out long? value)
    {
        value = null;
        if (f.SequenceEqual("unlimited"u8))
        {
            return true;
        }

        bool ok = Procfs.Parse.TryLong(f, out long v);
        value = ok ? v : null;
        return ok;
    }
}
