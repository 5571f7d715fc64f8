using System.Buffers.Text;
using System.Text;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Witness;

/// <summary>The fields of /proc/TID/status that decide who refused a task creation.</summary>
/// <param name="Tgid">The thread group (process) the asking thread belongs to.</param>
/// <param name="RealUid">First field of Uid:, the one RLIMIT_NPROC counts (docs/kernel-limits.md §2).</param>
/// <param name="CapEff">Effective capabilities; CAP_SYS_ADMIN (21) or CAP_SYS_RESOURCE (24) exempt from RLIMIT_NPROC.</param>
/// <param name="Seccomp">0 none, 1 strict, 2 filter; null on kernels without the field.</param>
public readonly record struct AskerStatus(string Name, int Tgid, int RealUid, ulong CapEff, int? Seccomp)
{
    private const int CapSysAdmin = 21;
    private const int CapSysResource = 24;

    /// <summary>Exempt from RLIMIT_NPROC: real uid 0, or CAP_SYS_ADMIN / CAP_SYS_RESOURCE in effect (§2).</summary>
    public bool NprocExempt => RealUid == 0 || (CapEff & ((1UL << CapSysAdmin) | (1UL << CapSysResource))) != 0;

    public static bool TryParse(ReadOnlySpan<byte> s, out AskerStatus status)
    {
        status = default;
        string name = "";
        int tgid = -1, ruid = -1;
        ulong capEff = 0;
        int? seccomp = null;
        while (Parse.NextLine(ref s, out var line))
        {
            int colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon];
            var rest = line[(colon + 1)..];
            if (key.SequenceEqual("Name"u8))
            {
                name = Encoding.UTF8.GetString(rest.TrimStart((byte)'\t'));
            }
            else if (key.SequenceEqual("Tgid"u8))
            {
                _ = Parse.TryInt(Parse.NextField(ref rest), out tgid);
            }
            else if (key.SequenceEqual("Uid"u8))
            {
                _ = Parse.TryInt(Parse.NextField(ref rest), out ruid);
            }
            else if (key.SequenceEqual("CapEff"u8))
            {
                var hex = Parse.NextField(ref rest);
                _ = Utf8Parser.TryParse(hex, out capEff, out _, 'x');
            }
            else if (key.SequenceEqual("Seccomp"u8) && Parse.TryInt(Parse.NextField(ref rest), out int sc))
            {
                seccomp = sc;
            }
        }

        if (tgid <= 0 || ruid < 0)
        {
            return false;
        }

        status = new AskerStatus(name, tgid, ruid, capEff, seccomp);
        return true;
    }
}
