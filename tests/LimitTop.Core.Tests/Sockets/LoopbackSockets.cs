using System.Net;
using System.Net.Sockets;

namespace LimitTop.Core.Tests.Sockets;

/// <summary>
/// Real loopback TCP/UDP sockets in known states on a dedicated address 127.77.X.Y (so counts can be filtered
/// exactly while other programs churn sockets). Disposing closes every socket with an RST (SO_LINGER 0), which
/// leaves no TIME_WAIT behind; the TIME_WAIT sockets made on purpose expire after 60 s.
/// </summary>
internal sealed class LoopbackSockets : IDisposable
{
    private readonly List<Socket> _open = [];

    public LoopbackSockets()
    {
        // A fresh address per scenario: TIME_WAIT sockets of an earlier run (60 s) never land in this one's counts.
        Address = IPAddress.Parse($"127.77.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}");
    }

    public IPAddress Address { get; }

    public int Listeners { get; private set; }

    public Socket Listen(int backlog = 512)
    {
        var l = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open.Add(l);
        l.Bind(new IPEndPoint(Address, 0));
        l.Listen(backlog);
        Listeners++;
        return l;
    }

    public int Port(Socket listener) => ((IPEndPoint)listener.LocalEndPoint!).Port;

    /// <summary>Connects and accepts: returns (client, server side).</summary>
    public (Socket Client, Socket Server) Pair(Socket listener)
    {
        var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open.Add(c);
        c.Connect(listener.LocalEndPoint!);
        var s = listener.Accept();
        _open.Add(s);
        return (c, s);
    }

    /// <summary>Accepts one pending connection (made by another process) and keeps it.</summary>
    public Socket Accept(Socket listener)
    {
        var s = listener.Accept();
        _open.Add(s);
        return s;
    }

    /// <summary>ESTABLISHED on both ends.</summary>
    public void Established(Socket listener, int pairs)
    {
        for (int i = 0; i < pairs; i++)
        {
            Pair(listener);
        }
    }

    /// <summary>The client closes first, then the server: the client side sits in TIME_WAIT for 60 s.</summary>
    public void TimeWait(Socket listener, int count)
    {
        var pairs = Enumerable.Range(0, count).Select(_ => Pair(listener)).ToList();
        foreach (var (c, _) in pairs)
        {
            c.Close();
            _open.Remove(c);
        }

        foreach (var (_, s) in pairs)
        {
            s.Close();
            _open.Remove(s);
        }
    }

    /// <summary>
    /// The peer closed, the server keeps its end: server CLOSE_WAIT. With <paramref name="shutdownOnly"/> the client
    /// keeps its fd (full FIN_WAIT2 socket); otherwise it closes it (orphaned FIN_WAIT2 time-wait minisocket).
    /// </summary>
    public void CloseWait(Socket listener, int count, bool shutdownOnly)
    {
        for (int i = 0; i < count; i++)
        {
            var (c, _) = Pair(listener);
            if (shutdownOnly)
            {
                c.Shutdown(SocketShutdown.Send);
            }
            else
            {
                c.Close();
                _open.Remove(c);
            }
        }
    }

    public Socket Udp(bool connect)
    {
        var u = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _open.Add(u);
        u.Bind(new IPEndPoint(Address, 0));
        if (connect)
        {
            u.Connect(new IPEndPoint(Address, 9));
        }

        return u;
    }

    public void Dispose()
    {
        foreach (var s in _open)
        {
            try
            {
                if (s.SocketType == SocketType.Stream)
                {
                    s.LingerState = new LingerOption(true, 0);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already shut down or reset: a plain close is all that is left.
            }

            s.Dispose();
        }

        _open.Clear();
    }
}
