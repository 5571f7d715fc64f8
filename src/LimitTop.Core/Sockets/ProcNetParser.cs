using System.Buffers.Binary;
using System.Buffers.Text;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Sockets;

/// <summary>
/// /proc/net/{tcp,tcp6,udp,udp6}: one header line, then
/// <c>sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …</c>.
/// Addresses are the raw 32-bit words printed in hex by a little-endian host; ports are hex in host order.
/// </summary>
public static class ProcNetParser
{
    /// <summary>Feeds every socket line to the tally; malformed lines are counted in <see cref="SocketTally.Malformed"/>.</summary>
    public static void Parse(ReadOnlySpan<byte> file, bool ipv6, bool udp, SocketTally tally)
    {
        int family = ipv6 ? SocketTally.AfInet6 : SocketTally.AfInet;
        bool first = true;
        Span<byte> local = stackalloc byte[16];
        Span<byte> remote = stackalloc byte[16];
        while (Procfs.Parse.NextLine(ref file, out var line))
        {
            if (first)
            {
                first = false;
                continue;
            }

            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            if (!TryParseLine(line, ipv6, local, remote, out var s))
            {
                tally.Malformed++;
                continue;
            }

            if (udp)
            {
                tally.AddUdp(family, local[..s.AddressLength], remote[..s.AddressLength], s.Uid, s.Inode);
            }
            else
            {
                tally.AddTcp(family, s.State, s.Timer, local[..s.AddressLength], s.LocalPort, remote[..s.AddressLength], s.RemotePort, s.Uid, s.Inode);
            }
        }
    }

    /// <summary>The fields limittop uses from one line.</summary>
    public readonly record struct Line(int State, int Timer, int LocalPort, int RemotePort, int Uid, ulong Inode, int AddressLength);

    /// <summary>Parses one socket line; the addresses are written in network order into the two 16-byte spans.</summary>
    public static bool TryParseLine(ReadOnlySpan<byte> line, bool ipv6, Span<byte> local, Span<byte> remote, out Line result)
    {
        result = default;
        var rest = line;
        var sl = Procfs.Parse.NextField(ref rest);
        if (sl.IsEmpty || sl[^1] != (byte)':')
        {
            return false;
        }

        int alen = ipv6 ? 16 : 4;
        if (!TryEndpoint(Procfs.Parse.NextField(ref rest), local[..alen], out int lport)
            || !TryEndpoint(Procfs.Parse.NextField(ref rest), remote[..alen], out int rport)
            || !TryHex(Procfs.Parse.NextField(ref rest), out uint st))
        {
            return false;
        }

        _ = Procfs.Parse.NextField(ref rest); // tx_queue:rx_queue
        var trWhen = Procfs.Parse.NextField(ref rest);
        int colon = trWhen.IndexOf((byte)':');
        if (colon <= 0 || !TryHex(trWhen[..colon], out uint tr))
        {
            return false;
        }

        _ = Procfs.Parse.NextField(ref rest); // retrnsmt
        if (!Procfs.Parse.TryInt(Procfs.Parse.NextField(ref rest), out int uid))
        {
            return false;
        }

        _ = Procfs.Parse.NextField(ref rest); // timeout
        if (!Procfs.Parse.TryULong(Procfs.Parse.NextField(ref rest), out ulong inode))
        {
            return false;
        }

        result = new Line((int)st, (int)tr, lport, rport, uid, inode, alen);
        return true;
    }

    // "0100007F:15B3" (IPv4) or 32 hex digits + ":PORT" (IPv6).
    private static bool TryEndpoint(ReadOnlySpan<byte> field, Span<byte> address, out int port)
    {
        port = 0;
        int colon = field.IndexOf((byte)':');
        if (colon != address.Length * 2 || !TryHex(field[(colon + 1)..], out uint p) || p > 65535)
        {
            return false;
        }

        for (int w = 0; w < address.Length / 4; w++)
        {
            if (!TryHex(field.Slice(w * 8, 8), out uint word))
            {
                return false;
            }

            // The kernel printed the in-memory (network-order) word as a little-endian integer.
            BinaryPrimitives.WriteUInt32LittleEndian(address[(w * 4)..], word);
        }

        port = (int)p;
        return true;
    }

    private static bool TryHex(ReadOnlySpan<byte> s, out uint value)
        => Utf8Parser.TryParse(s, out value, out int used, 'X') && used == s.Length && s.Length > 0;
}
