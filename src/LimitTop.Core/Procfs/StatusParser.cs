using System.Text;

namespace LimitTop.Core.Procfs;

/// <summary>Fields of /proc/PID/status that limittop uses.</summary>
public readonly record struct StatusFields(
    string Name,
    char State,
    int Ppid,
    int RealUid,
    int EffectiveUid,
    int Threads,
    long? SigQueued,
    long? SigLimit,
    bool? KernelThread,
    long? RssKb)
{
    /// <summary>CapEff: the effective capability mask (hex in the file); null when absent.</summary>
    public ulong? CapEff { get; init; }

    /// <summary>VmSize in kB (the address space RLIMIT_AS is checked against); null for kernel threads.</summary>
    public long? VmSizeKb { get; init; }
}

public static class StatusParser
{
    /// <summary>
    /// Parses /proc/PID/status. Uid: lists real, effective, saved and fs uid; the first is the one
    /// RLIMIT_NPROC counts. Name: is escaped by the kernel (\n, \t, \\, \e …). Fails when Uid: or Threads:
    /// is missing (a truncated read).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out StatusFields fields)
    {
        fields = default;
        string name = "";
        char state = '?';
        int ppid = 0, ruid = -1, euid = -1, threads = -1;
        long? sigQ = null, sigMax = null, rss = null, vmSize = null;
        ulong? capEff = null;
        bool? kthread = null;

        while (Parse.NextLine(ref s, out var line))
        {
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon];
            var value = line[(colon + 1)..];
            switch (key.Length)
            {
                case 4 when key.SequenceEqual("Name"u8):
                    // The kernel writes exactly one tab; a name may itself start with spaces.
                    name = Encoding.UTF8.GetString(value.Length > 0 && value[0] == (byte)'\t' ? value[1..] : value);
                    break;
                case 5 when key.SequenceEqual("State"u8):
                    var st = Parse.NextField(ref value);
                    state = st.Length > 0 ? (char)st[0] : '?';
                    break;
                case 4 when key.SequenceEqual("PPid"u8):
                    _ = Parse.TryInt(Parse.NextField(ref value), out ppid);
                    break;
                case 3 when key.SequenceEqual("Uid"u8):
                    if (!Parse.TryInt(Parse.NextField(ref value), out ruid)
                        || !Parse.TryInt(Parse.NextField(ref value), out euid))
                    {
                        return false;
                    }

                    break;
                case 7 when key.SequenceEqual("Threads"u8):
                    if (!Parse.TryInt(Parse.NextField(ref value), out threads))
                    {
                        return false;
                    }

                    break;
                case 4 when key.SequenceEqual("SigQ"u8):
                    var q = Parse.NextField(ref value);
                    int slash = q.IndexOf((byte)'/');
                    if (slash > 0 && Parse.TryLong(q[..slash], out long queued) && Parse.TryLong(q[(slash + 1)..], out long lim))
                    {
                        sigQ = queued;
                        sigMax = lim;
                    }

                    break;
                case 7 when key.SequenceEqual("Kthread"u8):
                    kthread = Parse.NextField(ref value).SequenceEqual("1"u8);
                    break;
                case 6 when key.SequenceEqual("CapEff"u8):
                    if (ulong.TryParse(Parse.NextField(ref value), System.Globalization.NumberStyles.AllowHexSpecifier, null, out ulong caps))
                    {
                        capEff = caps;
                    }

                    break;
                case 6 when key.SequenceEqual("VmSize"u8):
                    if (Parse.TryLong(Parse.NextField(ref value), out long vm))
                    {
                        vmSize = vm;
                    }

                    break;
                case 5 when key.SequenceEqual("VmRSS"u8):
                    if (Parse.TryLong(Parse.NextField(ref value), out long kb))
                    {
                        rss = kb;
                    }

                    break;
            }
        }

        if (ruid < 0 || threads < 0)
        {
            return false;
        }

        fields = new StatusFields(name, state, ppid, ruid, euid, threads, sigQ, sigMax, kthread, rss) { CapEff = capEff, VmSizeKb = vmSize };
        return true;
    }
}
