using System.Buffers.Text;
using LimitTop.Core.Procfs;
using LimitTop.Core.Native;

namespace LimitTop.Core.Witness;

/// <summary>What one trace_pipe line is.</summary>
public enum TraceLineKind
{
    /// <summary>A refused task creation: a syscall exit with an errno.</summary>
    Refusal,

    /// <summary>ERESTARTSYS … ERESTART_RESTARTBLOCK (−512 … −516): restarted by the kernel, not a refusal.</summary>
    Restart,

    /// <summary>A blank line, a '#' header, or a success the filter let through.</summary>
    Other,

    /// <summary>A line this parser cannot read (counted, never thrown).</summary>
    Malformed,
}

/// <summary>One parsed trace_pipe line; spans point into the line and are valid as long as it is.</summary>
public readonly ref struct TraceLine
{
    public int Tid { get; init; }

    /// <summary>From the <c>(  1234)</c> column when options/record-tgid is on and the kernel knew it.</summary>
    public int? Tgid { get; init; }

    /// <summary>The comm as the trace shows it (<c>&lt;...&gt;</c> when the kernel's comm cache missed).</summary>
    public ReadOnlySpan<byte> Comm { get; init; }

    /// <summary>Seconds on the instance's trace clock (CLOCK_MONOTONIC when trace_clock is mono).</summary>
    public double Timestamp { get; init; }

    /// <summary>The syscall: sys_clone, sys_clone3, sys_fork, sys_vfork.</summary>
    public ReadOnlySpan<byte> Syscall { get; init; }

    /// <summary>The positive errno (11 for EAGAIN) of a refusal or restart.</summary>
    public int Errno { get; init; }
}

/// <summary>
/// Parses trace_pipe lines of the syscall-exit events, e.g.
/// <c>            bash-15154   (  15154) [000] .N... 414.999523: sys_clone -> 0xfffffffffffffff5</c>.
/// Read from the right, because a comm may hold anything (spaces, dashes, brackets, colons): the event body
/// follows the LAST <c>": sys_"</c>, then come the timestamp, the flags, <c>[cpu]</c>, the optional
/// <c>(tgid)</c>, and what is left is COMM-TID with the tid after the last '-'.
/// </summary>
public static class TraceLineParser
{
    public static TraceLineKind Parse(ReadOnlySpan<byte> line, out TraceLine parsed)
    {
        parsed = default;
        line = TrimEnd(line);
        var start = TrimStart(line);
        // '#' headers, and "CPU:1 [LOST 1234 EVENTS]" where the buffer overran (counted from per_cpu stats)
        if (start.IsEmpty || start[0] == (byte)'#' || (start.StartsWith("CPU:"u8) && start.IndexOf("[LOST "u8) > 0))
        {
            return TraceLineKind.Other;
        }

        int body = line.LastIndexOf(": sys_"u8);
        if (body < 0 || !TryParseBody(line[(body + 2)..], out var syscall, out long ret))
        {
            return TraceLineKind.Malformed;
        }

        var head = line[..body];
        int sp = head.LastIndexOf((byte)' ');
        if (sp < 0 || !Utf8Parser.TryParse(head[(sp + 1)..], out double timestamp, out int used) || used != head.Length - sp - 1)
        {
            return TraceLineKind.Malformed;
        }

        head = TrimEnd(head[..sp]);
        sp = head.LastIndexOf((byte)' '); // the flags column (".N...", "d..1.")
        if (sp < 0)
        {
            return TraceLineKind.Malformed;
        }

        head = TrimEnd(head[..sp]);
        if (head.IsEmpty || head[^1] != (byte)']')
        {
            return TraceLineKind.Malformed;
        }

        int cpu = head.LastIndexOf((byte)'[');
        if (cpu < 0)
        {
            return TraceLineKind.Malformed;
        }

        head = TrimEnd(head[..cpu]);
        int? tgid = null;
        if (!head.IsEmpty && head[^1] == (byte)')')
        {
            int open = head.LastIndexOf((byte)'(');
            if (open < 0)
            {
                return TraceLineKind.Malformed;
            }

            if (Procfs.Parse.TryInt(Trim(head[(open + 1)..^1]), out int g) && g > 0)
            {
                tgid = g; // "-------" when the kernel had no tgid recorded: left null
            }

            head = TrimEnd(head[..open]);
        }

        head = TrimStart(head);
        int dash = head.LastIndexOf((byte)'-');
        if (dash < 0 || !Procfs.Parse.TryInt(head[(dash + 1)..], out int tid) || tid <= 0)
        {
            return TraceLineKind.Malformed;
        }

        parsed = new TraceLine
        {
            Tid = tid,
            Tgid = tgid,
            Comm = head[..dash],
            Timestamp = timestamp,
            Syscall = syscall,
            Errno = ret < 0 && ret >= -4095 ? (int)-ret : 0,
        };
        if (ret >= 0 || ret < -4095)
        {
            return TraceLineKind.Other;
        }

        return IsRestart(ret) ? TraceLineKind.Restart : TraceLineKind.Refusal;
    }

    /// <summary>
    /// The kernel-internal restart codes: a fork that meets a pending signal returns ERESTARTNOINTR (−513) at
    /// syscall exit and is restarted transparently (docs/kernel-limits.md "Attributing a refused task creation").
    /// </summary>
    public static bool IsRestart(long ret) => ret is >= -516 and <= -512;

    /// <summary>"sys_clone -> 0xfffffffffffffff5" (hex as the kernel prints it) or a decimal value.</summary>
    private static bool TryParseBody(ReadOnlySpan<byte> body, out ReadOnlySpan<byte> syscall, out long ret)
    {
        ret = 0;
        int arrow = body.IndexOf(" -> "u8);
        syscall = arrow < 0 ? default : body[..arrow];
        if (arrow <= 0)
        {
            return false;
        }

        var value = Trim(body[(arrow + 4)..]);
        if (value.StartsWith("0x"u8))
        {
            bool ok = Utf8Parser.TryParse(value[2..], out ulong u, out int n, 'x') && n == value.Length - 2;
            ret = unchecked((long)u);
            return ok;
        }

        return Procfs.Parse.TryLong(value, out ret);
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s) => TrimStart(TrimEnd(s));

    private static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (i < s.Length && Procfs.Parse.IsSpace(s[i]))
        {
            i++;
        }

        return s[i..];
    }

    private static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> s)
    {
        int n = s.Length;
        while (n > 0 && Procfs.Parse.IsSpace(s[n - 1]))
        {
            n--;
        }

        return s[..n];
    }
}
