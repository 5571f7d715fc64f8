using System.Globalization;
using System.Text;

namespace LimitTop.Core.Text;

/// <summary>
/// The one escaping rule for every text that reaches a terminal or a log (the dashboard, --once, --why, the
/// headless log, metric labels): characters that a terminal obeys or that reorder or hide what is shown become
/// visible escapes, the same everywhere —
/// C0 controls and DEL (<c>\n \t \r \e \0</c>, else <c>\x01</c>…<c>\x7f</c>), C1 controls U+0080–U+009F (<c>\x9b</c>:
/// CSI on many terminals), bidirectional overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E,
/// U+200F, U+061C: <c>\u202e</c>), zero-width characters (U+200B–U+200D, U+2060, U+FEFF: <c>\u200b</c>), lone
/// surrogates (<c>\ud800</c>), and, from bytes, invalid UTF-8 (<c>\xff</c> per byte).
/// </summary>
public static class SafeText
{
    /// <summary>Escapes every unsafe character of <paramref name="s"/> (see the type).</summary>
    public static string Escape(string s) => Escape(s, keepNewlines: false);

    /// <summary>
    /// As <see cref="Escape(string)"/>, but a '\n' stays a line break: for whole reports (--why) whose lines
    /// are the report's own and whose contents are not.
    /// </summary>
    public static string EscapeLines(string s) => Escape(s, keepNewlines: true);

    /// <summary>True when <paramref name="c"/> is shown as an escape (on its own: a surrogate half counts when unpaired).</summary>
    public static bool IsUnsafe(char c) => IsControl(c) || IsBidiOrInvisible(c);

    /// <summary>C0, DEL and C1.</summary>
    public static bool IsControl(char c) => c < 0x20 || (c >= 0x7f && c < 0xa0);

    /// <summary>Bidi overrides, isolates and marks, and zero-width characters.</summary>
    public static bool IsBidiOrInvisible(char c) => c switch
    {
        >= '\u202a' and <= '\u202e' => true,
        >= '\u2066' and <= '\u2069' => true,
        '\u200e' or '\u200f' or '\u061c' => true,
        >= '\u200b' and <= '\u200d' => true,
        '\u2060' or '\ufeff' => true,
        _ => false,
    };

    /// <summary>The visible escape of one unsafe character.</summary>
    public static string EscapeOf(char c) => c switch
    {
        '\n' => "\\n",
        '\t' => "\\t",
        '\r' => "\\r",
        '\x1b' => "\\e",
        '\0' => "\\0",
        < '\u0100' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
        _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
    };

    /// <summary>Decodes UTF-8 and escapes it: each byte of an invalid sequence shows as <c>\xNN</c>.</summary>
    public static string FromBytes(ReadOnlySpan<byte> raw)
    {
        var sb = new StringBuilder(raw.Length);
        while (!raw.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf8(raw, out var rune, out int used) == System.Buffers.OperationStatus.Done)
            {
                AppendRune(sb, rune);
            }
            else
            {
                for (int i = 0; i < used; i++)
                {
                    sb.Append("\\x").Append(raw[i].ToString("x2", CultureInfo.InvariantCulture));
                }
            }

            raw = raw[Math.Max(used, 1)..];
        }

        return sb.ToString();
    }

    /// <summary>Joins a NUL-separated /proc/PID/cmdline into one escaped line.</summary>
    public static string FromCmdline(ReadOnlySpan<byte> raw)
    {
        while (!raw.IsEmpty && raw[^1] == 0)
        {
            raw = raw[..^1];
        }

        if (raw.IsEmpty)
        {
            return "";
        }

        var sb = new StringBuilder(raw.Length);
        foreach (var part in raw.Split((byte)0))
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(FromBytes(raw[part]));
        }

        return sb.ToString();
    }

    private static string Escape(string s, bool keepNewlines)
    {
        int i = 0;
        while (i < s.Length && !NeedsEscape(s, i, keepNewlines))
        {
            i += char.IsHighSurrogate(s[i]) ? 2 : 1; // a valid pair: both halves
        }

        if (i == s.Length)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length + 8);
        sb.Append(s, 0, i);
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (!NeedsEscape(s, i, keepNewlines))
            {
                sb.Append(c);
                if (char.IsHighSurrogate(c))
                {
                    sb.Append(s[++i]); // a valid pair: both halves
                }

                continue;
            }

            sb.Append(EscapeOf(c));
        }

        return sb.ToString();
    }

    private static bool NeedsEscape(string s, int i, bool keepNewlines)
    {
        char c = s[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return true; // a low half not consumed with its high half is unpaired
        }

        return (c != '\n' || !keepNewlines) && IsUnsafe(c);
    }

    private static void AppendRune(StringBuilder sb, System.Text.Rune rune)
    {
        if (rune.IsBmp && IsUnsafe((char)rune.Value))
        {
            sb.Append(EscapeOf((char)rune.Value));
        }
        else
        {
            Span<char> two = stackalloc char[2];
            sb.Append(two[..rune.EncodeToUtf16(two)]);
        }
    }
}
