using System.Text;

namespace LimitTop.Core.Procfs;

/// <summary>Fields of /proc/PID/stat that limittop uses.</summary>
public readonly record struct StatFields(
    int Pid,
    string Comm,
    char State,
    int Ppid,
    ulong UserTicks,
    ulong SystemTicks,
    int Threads,
    ulong StartTicks,
    long RssPages,
    uint Flags = 0,
    int ProcessGroup = 0,
    int Session = 0)
{
    /// <summary>PF_KTHREAD in the flags field: the task is a kernel thread (what status's Kthread: shows).</summary>
    public bool IsKernelThread => (Flags & 0x00200000) != 0;
}

public static class StatParser
{
    /// <summary>
    /// Parses /proc/PID/stat. The command name may contain anything, including ')' and spaces: it runs from
    /// the first '(' to the <b>last</b> ')'. A truncated line fails.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out StatFields fields)
    {
        fields = default;
        int open = s.IndexOf((byte)'(');
        int close = s.LastIndexOf((byte)')');
        if (open <= 0 || close < open)
        {
            return false;
        }

        if (!Parse.TryInt(s[..open].Trim(" "u8), out int pid))
        {
            return false;
        }

        string comm = Encoding.UTF8.GetString(s[(open + 1)..close]);
        var rest = s[(close + 1)..];

        // Field numbers as in proc(5): 3 state, 4 ppid, 5 pgrp, 6 session, 9 flags, 14 utime, 15 stime, 20 num_threads,
        // 22 starttime, 24 rss.
        ReadOnlySpan<byte> state = default, ppid = default, pgrp = default, session = default, flags = default, utime = default, stime = default;
        ReadOnlySpan<byte> threads = default, start = default, rss = default;
        for (int field = 3; field <= 24; field++)
        {
            var f = Parse.NextField(ref rest);
            if (f.IsEmpty)
            {
                return false;
            }

            switch (field)
            {
                case 3: state = f; break;
                case 4: ppid = f; break;
                case 5: pgrp = f; break;
                case 6: session = f; break;
                case 9: flags = f; break;
                case 14: utime = f; break;
                case 15: stime = f; break;
                case 20: threads = f; break;
                case 22: start = f; break;
                case 24: rss = f; break;
            }
        }

        if (state.Length != 1
            || !Parse.TryInt(ppid, out int pp)
            || !Parse.TryInt(pgrp, out int pg)
            || !Parse.TryInt(session, out int sid)
            || !Parse.TryULong(flags, out ulong fl)
            || !Parse.TryULong(utime, out ulong ut)
            || !Parse.TryULong(stime, out ulong st)
            || !Parse.TryInt(threads, out int nt)
            || !Parse.TryULong(start, out ulong sticks)
            || !Parse.TryLong(rss, out long rp))
        {
            return false;
        }

        fields = new StatFields(pid, comm, (char)state[0], pp, ut, st, nt, sticks, rp, (uint)fl, pg, sid);
        return true;
    }
}
