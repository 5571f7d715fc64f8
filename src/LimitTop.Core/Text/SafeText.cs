using System.Text;

namespace LimitTop.Core.Text;

/// <summary>Makes text from processes safe for a terminal.</summary>
public static class SafeText
{
    /// <summary>
    /// Replaces every control character (C0, DEL, C1) with a visible escape (\n, \t, \e, \x7f …), so a
    /// process name can never move the cursor, clear the screen or set the window title.
    /// </summary>
    public static string Escape(string s)
    {
        int i = 0;
        while (i < s.Length && !IsControl(s[i]))
        {
            i++;
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
            if (!IsControl(c))
            {
                sb.Append(c);
                continue;
            }

            sb.Append(c switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                '\x1b' => "\\e",
                '\0' => "\\0",
                _ => $"\\x{(int)c:x2}",
            });
        }

        return sb.ToString();
    }

    public static bool IsControl(char c) => c < 0x20 || (c >= 0x7f && c < 0xa0);

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

        var s = Encoding.UTF8.GetString(raw).Replace('\0', ' ');
        return Escape(s);
    }
}
