using System.Buffers;
using System.Text;
using LimitTop.Core.Text;

namespace LimitTop.Core.Naming;

/// <summary>
/// Names from a runtime's files are chosen by whoever started the container: before they reach a screen, a log or
/// a metric label they lose control characters (SafeText), bidirectional overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069, the marks U+200E/U+200F/U+061C, which reorder what follows on the line), bytes that are not
/// UTF-8 (shown as \xNN), and everything past <see cref="MaxLength"/> characters.
/// </summary>
public static class NameText
{
    public const int MaxLength = 96;

    /// <summary>UTF-8 bytes to a displayable string: invalid bytes become \xNN, then <see cref="Escape(string)"/>.</summary>
    public static string FromUtf8(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(Math.Min(bytes.Length, MaxLength * 2));
        while (!bytes.IsEmpty && sb.Length <= MaxLength * 4)
        {
            if (Rune.DecodeFromUtf8(bytes, out Rune r, out int used) == OperationStatus.Done)
            {
                sb.Append(r.ToString());
            }
            else
            {
                for (int i = 0; i < used; i++)
                {
                    sb.Append("\\x").Append(bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            bytes = bytes[Math.Max(1, used)..];
        }

        return Escape(sb.ToString());
    }

    /// <summary>Control and bidi characters made visible, cut to <see cref="MaxLength"/> with an ellipsis.</summary>
    public static string Escape(string s)
    {
        string safe = SafeText.Escape(s);
        int i = 0;
        while (i < safe.Length && !IsBidi(safe[i]))
        {
            i++;
        }

        if (i < safe.Length)
        {
            var sb = new StringBuilder(safe.Length + 8);
            foreach (char c in safe)
            {
                if (IsBidi(c))
                {
                    sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    sb.Append(c);
                }
            }

            safe = sb.ToString();
        }

        return safe.Length > MaxLength ? string.Concat(safe.AsSpan(0, MaxLength - 1), "…") : safe;
    }

    public static bool IsBidi(char c) => c is (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') or '\u200e' or '\u200f' or '\u061c';

    /// <summary>systemd's unit-name escaping (\x2d for '-', \x2f …) undone for display, then escaped again for the terminal.</summary>
    public static string UnescapeUnit(string unit)
    {
        if (!unit.Contains("\\x", StringComparison.Ordinal))
        {
            return Escape(unit);
        }

        var bytes = new List<byte>(unit.Length);
        for (int i = 0; i < unit.Length; i++)
        {
            if (unit[i] == '\\' && i + 3 < unit.Length && unit[i + 1] == 'x'
                && byte.TryParse(unit.AsSpan(i + 2, 2), System.Globalization.NumberStyles.HexNumber, null, out byte b))
            {
                bytes.Add(b);
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(unit[i].ToString()));
            }
        }

        return FromUtf8(bytes.ToArray());
    }

    /// <summary>The first 12 characters of a container id, as docker ps and podman ps show it.</summary>
    public static string ShortId(string id) => id.Length > 12 ? id[..12] : id;
}
