namespace LimitTop.Core.Sockets;

/// <summary>
/// The namespace's socket counters that move whenever its set of TCP/UDP sockets changes (docs/kernel-limits.md §9,
/// "Counters that betray a changed socket set"): snmp's TCP opens, failed attempts, resets and CurrEstab, sockstat's
/// and sockstat6's in-use, orphan, TIME_WAIT and allocated counts. Two equal fingerprints mean no TCP connection was
/// opened, none left ESTABLISHED/CLOSE_WAIT, no TIME_WAIT came or went and no socket was hashed or unhashed without
/// another taking its place — so a full walk would find the same sockets, owners and tuples as the last one did.
/// What nets out within one tick (a listening or UDP socket closed and another opened) goes unseen; the sampler
/// walks anyway after <see cref="SocketSamplerOptions.QuietFullScanLimit"/>.
/// </summary>
public readonly record struct SocketSetFingerprint(
    long ActiveOpens, long PassiveOpens, long AttemptFails, long EstabResets, long CurrEstab,
    Sockstat Sockstat, long Tcp6InUse, long Udp6InUse)
{
    /// <summary>
    /// From the text of /proc/net/snmp, the parsed sockstat and the text of /proc/net/sockstat6 (empty when IPv6 is
    /// off); null when snmp lacks one of its TCP counters or sockstat6 cannot be parsed.
    /// </summary>
    public static SocketSetFingerprint? From(ReadOnlySpan<byte> snmp, Sockstat sockstat, ReadOnlySpan<byte> sockstat6)
    {
        if (Tcp(snmp, "ActiveOpens"u8) is not { } active || Tcp(snmp, "PassiveOpens"u8) is not { } passive
            || Tcp(snmp, "AttemptFails"u8) is not { } fails || Tcp(snmp, "EstabResets"u8) is not { } resets
            || Tcp(snmp, "CurrEstab"u8) is not { } estab)
        {
            return null;
        }

        long tcp6 = 0, udp6 = 0;
        if (!sockstat6.IsEmpty && !SocketCounterParsers.TryParseSockstat6(sockstat6, out tcp6, out udp6))
        {
            return null;
        }

        return new SocketSetFingerprint(active, passive, fails, resets, estab, sockstat, tcp6, udp6);
    }

    private static long? Tcp(ReadOnlySpan<byte> snmp, ReadOnlySpan<byte> name) => SocketCounterParsers.FindCounter(snmp, "Tcp:"u8, name);
}
