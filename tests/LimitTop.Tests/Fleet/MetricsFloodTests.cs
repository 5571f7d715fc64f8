using System.Net;
using System.Net.Sockets;
using System.Text;
using LimitTop.Serving;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Tests.Fleet;

/// <summary>
/// Issue 24, finding 6, as the probe ran it: 64+ sockets each send one byte of a request and hold, and an attacker
/// reconnects in a loop (bounded, loopback). The server (in this process, in a poll loop of its own test thread —
/// the product's server never has a thread) keeps answering real scrapes: success counts, no clock assertions.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MetricsFloodTests
{
    private static readonly byte[] Body = Encoding.ASCII.GetBytes("limittop_up 1\n");

    [Fact]
    public void Scrapes_succeed_while_64_half_sent_requests_hold_and_an_attacker_reconnects()
    {
        using var server = new ServerLoop(new MetricsServerLimits());
        var held = new List<Socket>();
        var attacker = new List<Socket>();
        int attackerConnects = 0;
        try
        {
            for (int i = 0; i < 80; i++)
            {
                var s = Connect(server.Port);
                s.Send("G"u8.ToArray()); // one byte of a head, then nothing
                held.Add(s);
            }

            var stop = new ManualResetEventSlim();
            var flood = new Thread(() =>
            {
                // Bounded: at most 2,000 connections, at most 100 open at once on this side.
                while (!stop.IsSet && attackerConnects < 2000)
                {
                    try
                    {
                        var s = Connect(server.Port);
                        s.Send("GE"u8.ToArray());
                        attackerConnects++;
                        lock (attacker)
                        {
                            attacker.Add(s);
                            if (attacker.Count > 100)
                            {
                                attacker[0].Dispose();
                                attacker.RemoveAt(0);
                            }
                        }
                    }
                    catch (SocketException)
                    {
                        // the backlog was full for a moment: the flood goes on
                    }
                }
            });
            flood.Start();

            int ok = 0;
            const int Scrapes = 20;
            for (int i = 0; i < Scrapes; i++)
            {
                if (Scrape(server.Port) == 200)
                {
                    ok++;
                }
            }

            stop.Set();
            flood.Join();
            Assert.True(attackerConnects > 0, "the attacker connected");
            Assert.Equal(Scrapes, ok);
            Assert.True(server.Evicted > 0, "the cap was reached and connections were replaced");
        }
        finally
        {
            foreach (var s in held)
            {
                s.Dispose();
            }

            lock (attacker)
            {
                foreach (var s in attacker)
                {
                    s.Dispose();
                }
            }
        }
    }

    [Fact]
    public void A_head_trickled_one_byte_at_a_time_is_cut_off_by_its_total_deadline()
    {
        using var server = new ServerLoop(new MetricsServerLimits { HeadTimeoutMs = 500 });
        using var s = Connect(server.Port);
        byte[] head = Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + new string('s', 200) + "\r\n\r\n");
        int sent = 0;
        string? answer = null;
        for (; sent < head.Length && answer is null; sent++)
        {
            try
            {
                s.Send(head, sent, 1, SocketFlags.None);
            }
            catch (SocketException)
            {
                break; // closed by the server
            }

            // Each byte arrives well within any per-byte timeout; only a total deadline can end this.
            if (s.Poll(100_000, SelectMode.SelectRead))
            {
                var buf = new byte[512];
                int n = s.Receive(buf);
                answer = Encoding.ASCII.GetString(buf, 0, n);
            }
        }

        Assert.True(sent < head.Length, "the server ended the connection before the trickled head was complete");
        Assert.StartsWith("HTTP/1.1 408", answer ?? "HTTP/1.1 408 (closed)", StringComparison.Ordinal);
    }

    private static Socket Connect(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 60_000, SendTimeout = 60_000 };
        s.Connect(IPAddress.Loopback, port);
        return s;
    }

    /// <summary>One scrape on a fresh connection; its status, or 0 when the server closed without answering.</summary>
    private static int Scrape(int port)
    {
        try
        {
            using var s = Connect(port);
            s.Send(Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
            var got = new MemoryStream();
            var buf = new byte[4096];
            int n;
            while ((n = s.Receive(buf)) > 0)
            {
                got.Write(buf, 0, n);
            }

            string text = Encoding.ASCII.GetString(got.ToArray());
            return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && text.EndsWith("limittop_up 1\n", StringComparison.Ordinal)
                ? int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture)
                : 0;
        }
        catch (SocketException)
        {
            return 0;
        }
    }

    /// <summary>A MetricsServer on a loopback port, served by a poll loop on a test thread until disposed.</summary>
    private sealed unsafe class ServerLoop : IDisposable
    {
        private readonly MetricsServer _server;
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _evicted;

        public ServerLoop(MetricsServerLimits limits)
        {
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                Port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            }

            int fd = MetricsListener.Listen(new IPEndPoint(IPAddress.Loopback, Port), out string? error);
            Assert.True(fd >= 0, error);
            _server = new MetricsServer(fd, _ => Body, limits);
            _thread = new Thread(Run) { IsBackground = true };
            _thread.Start();
        }

        public int Port { get; }

        public long Evicted => Interlocked.Read(ref _evicted);

        private void Run()
        {
            while (!_stop)
            {
                var slots = new pollfd[_server.PollCount];
                _server.Fill(slots);
                long now = Environment.TickCount64;
                int timeout = (int)Math.Clamp(_server.NextDeadline - now, 0, 50);
                fixed (pollfd* p = slots)
                {
                    _ = poll(p, (ulong_t)(ulong)slots.Length, timeout);
                }

                _server.Service(slots, Environment.TickCount64);
                Interlocked.Exchange(ref _evicted, _server.Evicted);
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
            _server.Dispose();
        }
    }
}
