using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using static Tmds.Linux.LibC;

namespace LimitTop.Headless;

/// <summary>
/// The headless log: one line per event, written with write(2) straight to fd 2 (journald or the terminal). No
/// System.Console after start-up (Console starts its own signal and terminal machinery), no buffering thread.
/// A repeated problem (the same key, the same words) is written once a minute at most.
/// </summary>
internal static unsafe class Log
{
    private static readonly Dictionary<string, (string Message, long At)> Problems = new(StringComparer.Ordinal);

    public static void Info(string message) => Write("limittop: " + message);

    public static void Warning(string message) => Write("limittop: warning: " + message);

    public static void Error(string message) => Write("limittop: error: " + message);

    /// <summary>Logs <paramref name="message"/> unless the same words were logged under <paramref name="key"/> in the last minute.</summary>
    public static void Problem(string key, string message)
    {
        long now = Environment.TickCount64;
        if (Problems.TryGetValue(key, out var last) && last.Message == message && now - last.At < 60_000)
        {
            return;
        }

        Problems[key] = (message, now);
        Warning(message);
    }

    /// <summary>Forgets a problem, so that its next occurrence is logged at once.</summary>
    public static void Resolved(string key)
    {
        if (Problems.Remove(key))
        {
            Info(key + ": recovered");
        }
    }

    private static void Write(string line)
    {
        // Control characters (a hostile path or process name) are shown, not obeyed.
        var sb = new StringBuilder(line.Length + 1);
        foreach (char c in line)
        {
            if (c < ' ' || c == '\u007f')
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        sb.Append('\n');
        byte[] bytes = Encoding.UTF8.GetBytes(sb.ToString());
        fixed (byte* p = bytes)
        {
            int off = 0;
            while (off < bytes.Length)
            {
                long n = write(2, p + off, bytes.Length - off);
                if (n < 0 && Marshal.GetLastPInvokeError() == EINTR)
                {
                    continue;
                }

                if (n <= 0)
                {
                    return; // stderr gone: nothing to tell anyone
                }

                off += (int)n;
            }
        }
    }
}
