using System.Text;
using LimitTop.Core.Platform;
using LimitTop.Core.Text;

namespace LimitTop.Headless;

/// <summary>
/// The headless log: one line per event, written with write(2) straight to fd 2 (journald or the terminal). No
/// System.Console after start-up (Console starts its own signal and terminal machinery), no buffering thread.
/// A repeated problem (the same key, the same words) is written once a minute at most.
/// </summary>
internal static class Log
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
        // A hostile path or process name is shown, not obeyed: the one escaping rule (C0, C1, bidi, zero-width).
        byte[] bytes = Encoding.UTF8.GetBytes(SafeText.Escape(line) + "\n");
        _ = FdWrite.WriteAll(2, bytes, out _); // stderr gone: nothing to tell anyone
    }
}
