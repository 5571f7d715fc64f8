namespace LimitTop.Core.Sockets;

/// <summary>The namespace's counters each tick: snmp and netstat, the set's fingerprint, the ephemeral port range.</summary>
public sealed partial class SocketSampler
{
    private TcpCounters ReadCounters(Sockstat? sockstat, out SocketSetFingerprint? print)
    {
        // sockstat6 is copied out first: the reader holds one file at a time, and snmp's text is parsed after it.
        Span<byte> six = stackalloc byte[256];
        int sixLength = _proc.TryRead("net/sockstat6", out var s6, out _) && s6.Length <= six.Length ? s6.Length : 0;
        s6[..sixLength].CopyTo(six);
        print = null;
        long? currEstab = null;
        if (_proc.TryRead("net/snmp", out var snmp, out _))
        {
            print = sockstat is { } st ? SocketSetFingerprint.From(snmp, st, six[..sixLength]) : null;
            currEstab = print?.CurrEstab ?? SocketCounterParsers.FindCounter(snmp, "Tcp:"u8, "CurrEstab"u8);
        }

        long? overflows = null, drops = null, twOverflow = null;
        if (_proc.TryRead("net/netstat", out var ns, out _))
        {
            overflows = SocketCounterParsers.FindCounter(ns, "TcpExt:"u8, "ListenOverflows"u8);
            drops = SocketCounterParsers.FindCounter(ns, "TcpExt:"u8, "ListenDrops"u8);
            twOverflow = SocketCounterParsers.FindCounter(ns, "TcpExt:"u8, "TCPTimeWaitOverflow"u8);
        }

        return new TcpCounters(currEstab, overflows, drops, twOverflow);
    }

    private bool ReadPorts()
    {
        if (!_proc.TryRead("sys/net/ipv4/ip_local_port_range", out var range, out _))
        {
            _ports = PortFilter.None;
            return false;
        }

        bool changed = !range.SequenceEqual(_rangeBytes);
        if (changed)
        {
            _rangeBytes = range.ToArray();
        }

        ReadOnlySpan<byte> reserved = _proc.TryRead("sys/net/ipv4/ip_local_reserved_ports", out var r, out _) ? r : default;
        if (!reserved.SequenceEqual(_reservedBytes))
        {
            _reservedBytes = reserved.ToArray();
            changed = true;
        }

        if (changed || _ports == PortFilter.None)
        {
            if (!SocketCounterParsers.TryParsePortRange(_rangeBytes, out int low, out int high))
            {
                _ports = PortFilter.None;
                return false;
            }

            _ports = new PortFilter(low, high, SocketCounterParsers.ParseReservedPorts(_reservedBytes));
        }

        return true;
    }
}
