using LimitTop.Core.Procfs;

namespace LimitTop.Core.Why;

/// <summary>
/// /proc/PID/maps in one pass: the VMAs vm.max_map_count counts (every line but [vsyscall], which is no VMA) and
/// the bytes of private writable mappings, which fork() commits again under strict overcommit (docs/kernel-limits.md).
/// </summary>
public static class MapsSummary
{
    public static (int Mappings, long PrivateWritableBytes) Of(ReadOnlySpan<byte> maps)
    {
        int count = 0;
        long privateWritable = 0;
        while (Parse.NextLine(ref maps, out var line))
        {
            var range = Parse.NextField(ref line);
            var perms = Parse.NextField(ref line);
            if (line.EndsWith("[vsyscall]"u8))
            {
                continue;
            }

            count++;
            int dash = range.IndexOf((byte)'-');
            if (perms.Length >= 4 && perms[1] == (byte)'w' && perms[3] == (byte)'p' && dash > 0
                && TryHex(range[..dash], out ulong start) && TryHex(range[(dash + 1)..], out ulong end) && end > start)
            {
                privateWritable += (long)(end - start);
            }
        }

        return (count, privateWritable);
    }

    private static bool TryHex(ReadOnlySpan<byte> s, out ulong v)
        => ulong.TryParse(s, System.Globalization.NumberStyles.AllowHexSpecifier, null, out v);
}
