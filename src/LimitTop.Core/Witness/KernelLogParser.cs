using LimitTop.Core.Model;
using System.Globalization;
using LimitTop.Core.Text;

namespace LimitTop.Core.Witness;

/// <summary>
/// Parses /dev/kmsg records, "PRI,SEQ,USEC,FLAGS[,…];MESSAGE" followed by optional " KEY=VALUE" lines
/// (Documentation/ABI/testing/dev-kmsg), and recognises the lines that matter to limittop.
/// </summary>
public static class KernelLogParser
{
    public const string PidsForkRejected = "pids-fork-rejected";
    public const string OomKill = "oom-kill";
    public const string ConntrackFull = "conntrack-full";
    public const string TcpOrphans = "tcp-orphans";
    public const string SynFlood = "syn-flood";
    public const string FileMax = LimitNames.FileMax;

    /// <summary>Splits a record into its sequence number, its monotonic time in µs and its message (the first line).</summary>
    public static bool TryParseRecord(string record, out long sequence, out long microseconds, out string message)
    {
        sequence = 0;
        microseconds = 0;
        message = "";
        int semi = record.IndexOf(';', StringComparison.Ordinal);
        if (semi < 0)
        {
            return false;
        }

        string[] prefix = record[..semi].Split(',');
        if (prefix.Length < 3
            || !long.TryParse(prefix[1], NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            || !long.TryParse(prefix[2], NumberStyles.None, CultureInfo.InvariantCulture, out microseconds))
        {
            return false;
        }

        int end = record.IndexOf('\n', semi + 1);
        message = end < 0 ? record[(semi + 1)..] : record[(semi + 1)..end];
        return true;
    }

    /// <summary>The event a message stands for, or null for the lines limittop does not show.</summary>
    public static KernelLogEvent? Recognise(string message, DateTimeOffset time)
    {
        string text = SafeText.Escape(message);
        const string Pids = "cgroup: fork rejected by pids controller in ";
        int at = message.IndexOf(Pids, StringComparison.Ordinal);
        if (at >= 0)
        {
            return new KernelLogEvent(time, PidsForkRejected, text, null, null, message[(at + Pids.Length)..].TrimEnd());
        }

        at = message.IndexOf("Killed process ", StringComparison.Ordinal);
        if (at >= 0)
        {
            return OomKilled(message[(at + "Killed process ".Length)..], time, text);
        }

        string? kind = message.Contains("nf_conntrack: table full", StringComparison.Ordinal) ? ConntrackFull
            : message.Contains("TCP: too many orphaned sockets", StringComparison.Ordinal) ? TcpOrphans
            : message.Contains("possible SYN flooding", StringComparison.Ordinal) ? SynFlood
            : message.Contains("VFS: file-max limit ", StringComparison.Ordinal) && message.Contains(" reached", StringComparison.Ordinal) ? FileMax
            : null;
        return kind is null ? null : new KernelLogEvent(time, kind, text, null, null, null);
    }

    /// <summary>"1234 (name) total-vm:…": the pid and the name (which may hold ')': ") total-vm:" ends it, else the last ')').</summary>
    private static KernelLogEvent OomKilled(string rest, DateTimeOffset time, string text)
    {
        int space = rest.IndexOf(' ', StringComparison.Ordinal);
        int? pid = space > 0 && int.TryParse(rest.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : null;
        string? name = null;
        if (space > 0 && space + 1 < rest.Length && rest[space + 1] == '(')
        {
            int close = rest.IndexOf(") total-vm:", space + 2, StringComparison.Ordinal);
            close = close < 0 ? rest.LastIndexOf(')') : close;
            name = close > space + 1 ? SafeText.Escape(rest[(space + 2)..close]) : null;
        }

        return new KernelLogEvent(time, OomKill, text, pid, name, null);
    }
}
