using LimitTop.Core.Procfs;

namespace LimitTop.Core.Sockets;

/// <summary>/proc/net/sockstat: <c>TCP: inuse N orphan N tw N alloc N mem N</c>, <c>UDP: inuse N mem N</c>.</summary>
public readonly record struct Sockstat(long TcpInUse, long TcpOrphan, long TcpTimeWait, long TcpAlloc, long UdpInUse);

/// <summary>Counters from /proc/net/snmp and /proc/net/netstat.</summary>
public readonly record struct TcpCounters(long? CurrEstab, long? ListenOverflows, long? ListenDrops, long? TimeWaitOverflows);

public static class SocketCounterParsers
{
    public static bool TryParseSockstat(ReadOnlySpan<byte> s, out Sockstat result)
    {
        result = default;
        bool tcp = false;
        long inuse = 0, orphan = 0, tw = 0, alloc = 0, udp = 0;
        while (Parse.NextLine(ref s, out var line))
        {
            var rest = line;
            var label = Parse.NextField(ref rest);
            if (label.SequenceEqual("TCP:"u8))
            {
                tcp = true;
                inuse = Value(rest, "inuse"u8);
                orphan = Value(rest, "orphan"u8);
                tw = Value(rest, "tw"u8);
                alloc = Value(rest, "alloc"u8);
            }
            else if (label.SequenceEqual("UDP:"u8))
            {
                udp = Value(rest, "inuse"u8);
            }
        }

        result = new Sockstat(inuse, orphan, tw, alloc, udp);
        return tcp;
    }

    /// <summary>sockstat6 has only <c>TCP6: inuse N</c> and <c>UDP6: inuse N</c>.</summary>
    public static bool TryParseSockstat6(ReadOnlySpan<byte> s, out long tcp6, out long udp6)
    {
        tcp6 = udp6 = 0;
        bool found = false;
        while (Parse.NextLine(ref s, out var line))
        {
            var rest = line;
            var label = Parse.NextField(ref rest);
            if (label.SequenceEqual("TCP6:"u8))
            {
                tcp6 = Value(rest, "inuse"u8);
                found = true;
            }
            else if (label.SequenceEqual("UDP6:"u8))
            {
                udp6 = Value(rest, "inuse"u8);
            }
        }

        return found;
    }

    // "key value key value …"
    private static long Value(ReadOnlySpan<byte> rest, ReadOnlySpan<byte> key)
    {
        while (true)
        {
            var k = Parse.NextField(ref rest);
            if (k.IsEmpty)
            {
                return 0;
            }

            var v = Parse.NextField(ref rest);
            if (k.SequenceEqual(key))
            {
                return Parse.TryLong(v, out long x) ? x : 0;
            }
        }
    }

    /// <summary>
    /// /proc/net/snmp and /proc/net/netstat: pairs of lines "Prefix: names…" / "Prefix: values…". Returns the value
    /// of <paramref name="name"/> in the section <paramref name="prefix"/> (e.g. "Tcp:", "TcpExt:").
    /// </summary>
    public static long? FindCounter(ReadOnlySpan<byte> s, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> name)
    {
        while (Parse.NextLine(ref s, out var header))
        {
            if (!header.StartsWith(prefix) || !Parse.NextLine(ref s, out var values) || !values.StartsWith(prefix))
            {
                continue;
            }

            var h = header[prefix.Length..];
            var v = values[prefix.Length..];
            while (true)
            {
                var hn = Parse.NextField(ref h);
                var hv = Parse.NextField(ref v);
                if (hn.IsEmpty)
                {
                    break;
                }

                if (hn.SequenceEqual(name))
                {
                    return Parse.TryLong(hv, out long x) ? x : null;
                }
            }
        }

        return null;
    }

    /// <summary>net.ipv4.ip_local_port_range: "LOW\tHIGH".</summary>
    public static bool TryParsePortRange(ReadOnlySpan<byte> s, out int low, out int high)
    {
        low = high = 0;
        return Parse.TryInt(Parse.NextField(ref s), out low) && Parse.TryInt(Parse.NextField(ref s), out high) && low <= high;
    }

    /// <summary>net.ipv4.ip_local_reserved_ports: "" or "8080,9000-9010,…" → a 65,536-bit set.</summary>
    public static ulong[] ParseReservedPorts(ReadOnlySpan<byte> s)
    {
        var bits = new ulong[1024];
        s = s.Trim(" \t\r\n"u8);
        while (!s.IsEmpty)
        {
            int comma = s.IndexOf((byte)',');
            var item = (comma < 0 ? s : s[..comma]).Trim(" \t"u8);
            s = comma < 0 ? default : s[(comma + 1)..];
            int dash = item.IndexOf((byte)'-');
            int lo, hi;
            if (dash < 0)
            {
                if (!Parse.TryInt(item, out lo))
                {
                    continue;
                }

                hi = lo;
            }
            else if (!Parse.TryInt(item[..dash], out lo) || !Parse.TryInt(item[(dash + 1)..], out hi))
            {
                continue;
            }

            for (int p = Math.Max(0, lo); p <= Math.Min(65535, hi); p++)
            {
                bits[p >> 6] |= 1UL << (p & 63);
            }
        }

        return bits;
    }
}
