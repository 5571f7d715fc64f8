using System.Buffers.Text;

namespace LimitTop.Core.Procfs;

/// <summary>Small span helpers shared by the /proc parsers.</summary>
public static class Parse
{
    public static bool TryLong(ReadOnlySpan<byte> s, out long value)
        => Utf8Parser.TryParse(s, out value, out int used) && used == s.Length;

    public static bool TryULong(ReadOnlySpan<byte> s, out ulong value)
        => Utf8Parser.TryParse(s, out value, out int used) && used == s.Length;

    public static bool TryInt(ReadOnlySpan<byte> s, out int value)
        => Utf8Parser.TryParse(s, out value, out int used) && used == s.Length;

    public static bool TryDouble(ReadOnlySpan<byte> s, out double value)
        => Utf8Parser.TryParse(s, out value, out int used) && used == s.Length;

    /// <summary>Returns the next whitespace-separated field and advances <paramref name="s"/> past it.</summary>
    public static ReadOnlySpan<byte> NextField(scoped ref ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }

        int start = i;
        while (i < s.Length && !IsSpace(s[i]))
        {
            i++;
        }

        var field = s[start..i];
        s = s[i..];
        return field;
    }

    /// <summary>Returns the next line (without '\n') and advances past it; false at the end.</summary>
    public static bool NextLine(scoped ref ReadOnlySpan<byte> s, out ReadOnlySpan<byte> line)
    {
        if (s.IsEmpty)
        {
            line = default;
            return false;
        }

        int nl = s.IndexOf((byte)'\n');
        if (nl < 0)
        {
            line = s;
            s = default;
        }
        else
        {
            line = s[..nl];
            s = s[(nl + 1)..];
        }

        return true;
    }

    public static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
