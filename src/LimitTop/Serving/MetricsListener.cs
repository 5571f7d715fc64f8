using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Serving;

/// <summary>
/// The listening socket of <c>--metrics ADDR:PORT</c>: non-blocking, close-on-exec, SO_REUSEADDR. An address that is
/// not loopback is refused unless the caller allows it (<c>--metrics-public</c>): the endpoint has no TLS and no
/// authentication of its own.
/// </summary>
internal static unsafe class MetricsListener
{
    /// <summary>Parses "127.0.0.1:9105", "[::1]:9105" or "localhost:9105".</summary>
    public static bool TryParse(string text, out IPEndPoint? endPoint, out string? error)
    {
        endPoint = null;
        error = null;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            error = $"--metrics {text}: expected ADDR:PORT (e.g. 127.0.0.1:9105 or [::1]:9105)";
            return false;
        }

        string host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        IPAddress? address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var a) ? a : null;
        if (address is null || address.AddressFamily is not (System.Net.Sockets.AddressFamily.InterNetwork or System.Net.Sockets.AddressFamily.InterNetworkV6))
        {
            error = $"--metrics {text}: '{host}' is not an IP address (names other than localhost are not looked up)";
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }

    public static bool IsLoopback(IPEndPoint ep) => IPAddress.IsLoopback(ep.Address);

    /// <summary>Binds and listens; the fd, or -1 with a message.</summary>
    public static int Listen(IPEndPoint ep, out string? error)
    {
        bool v6 = ep.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            error = $"--metrics {ep}: socket: {Describe()}";
            return -1;
        }

        int one = 1;
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(int));
        byte* sa = stackalloc byte[28];
        new Span<byte>(sa, 28).Clear();
        byte[] addr = ep.Address.GetAddressBytes();
        int len;
        if (v6)
        {
            *(ushort*)sa = (ushort)AF_INET6;
            addr.CopyTo(new Span<byte>(sa + 8, 16));
            *(uint*)(sa + 24) = (uint)ep.Address.ScopeId;
            len = 28;
        }
        else
        {
            *(ushort*)sa = (ushort)AF_INET;
            addr.CopyTo(new Span<byte>(sa + 4, 4));
            len = 16;
        }

        sa[2] = (byte)(ep.Port >> 8);
        sa[3] = (byte)ep.Port;
        if (bind(fd, (sockaddr*)sa, (uint)len) != 0 || listen(fd, 128) != 0)
        {
            error = $"--metrics {ep}: {Describe()}";
            close(fd);
            return -1;
        }

        error = null;
        return fd;
    }

    private static string Describe() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
}
