using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LimitTop.Tests.Survival;

namespace LimitTop.Tests.Fleet;

/// <summary>A published limittop started with --headless by a test, stopped with SIGTERM (its exit code kept).</summary>
internal sealed class HeadlessProcess : IDisposable
{
    private readonly Process _p;
    private readonly StringBuilder _stderr = new();
    private int? _stopped;

    private HeadlessProcess(Process p, int port)
    {
        _p = p;
        Port = port;
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } d)
            {
                lock (_stderr)
                {
                    _stderr.Append(d).Append('\n');
                }
            }
        };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
    }

    public int Pid => _p.Id;

    public int Port { get; }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>A TCP port on loopback that nothing listens on now.</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>limittop --headless --metrics 127.0.0.1:PORT</c> plus <paramref name="extra"/>; waits for the port.</summary>
    public static HeadlessProcess Start(AotBuild build, IEnumerable<string> extra, bool metrics = true, double interval = 1)
    {
        int port = metrics ? FreePort() : 0;
        var args = new List<string> { "--headless", "--interval", interval.ToString(CultureInfo.InvariantCulture) };
        if (metrics)
        {
            args.AddRange(["--metrics", "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(extra);
        var psi = new ProcessStartInfo(build.Limittop) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var h = new HeadlessProcess(Process.Start(psi)!, port);
        if (Eventually.Within(() => h.Stderr.Contains("headless: sampling", StringComparison.Ordinal) || h._p.HasExited)
            && h.Stderr.Contains("headless: sampling", StringComparison.Ordinal))
        {
            return h;
        }

        bool exited = h._p.HasExited;
        h.Dispose();
        Assert.Fail((exited ? "limittop --headless exited at start: " : "limittop --headless did not start: ") + h.Stderr);
        return h;
    }

    /// <summary>
    /// Waits until <paramref name="ticks"/> samples have been taken, seen as that many changes of the /metrics body
    /// (rendered once per sample: its sample duration and counters move). What a test used to sleep a second per
    /// tick for; needs --metrics.
    /// </summary>
    public void WaitTicks(int ticks, string why)
    {
        Assert.True(Port > 0, "WaitTicks reads the ticks from /metrics: start with metrics");
        string last = RawHttp.Scrape(Port).Response?.Body ?? "";
        for (int i = 1; i <= ticks; i++)
        {
            string seen = last;
            Eventually.Until(() => (last = RawHttp.Scrape(Port).Response?.Body ?? seen) != seen, $"tick {i} of {ticks} (a new /metrics body): {why}",
                TimeSpan.FromSeconds(60), pollMs: 100, state: () => "stderr: " + Stderr);
        }
    }

    /// <summary>SIGTERM, then the exit code (-1 when it had to be killed).</summary>
    public int Stop(double seconds = 30)
    {
        if (_stopped is { } code)
        {
            return code;
        }

        if (!_p.HasExited)
        {
            _ = Sh.Run("kill", ["-TERM", Sh.Inv(_p.Id)]);
        }

        if (!_p.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            _p.Kill();
            _p.WaitForExit();
            _stopped = -1;
            return -1;
        }

        _p.WaitForExit();
        _stopped = _p.ExitCode;
        return _p.ExitCode;
    }

    public int Threads => (int)(Sh.Status(_p.Id, "Threads") ?? -1);

    public long RssKb => Sh.Status(_p.Id, "VmRSS") ?? -1;

    /// <summary>Stops it (SIGTERM, then SIGKILL after 2 s) unless a test already did.</summary>
    public void Dispose()
    {
        _ = Stop(2);
        _p.Dispose();
    }
}

/// <summary>A minimal HTTP/1.1 client on a raw socket, so that tests control every byte (and every misbehaviour).</summary>
internal static class RawHttp
{
    public readonly record struct Response(int Status, string Head, string Body);

    public static Socket Connect(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 30_000, SendTimeout = 30_000 }; // bounds a hang only: a busy machine may answer late
        s.Connect(IPAddress.Loopback, port);
        return s;
    }

    public static string Request(string method = "GET", string path = "/metrics", string extra = "")
        => $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n";

    /// <summary>Sends <paramref name="request"/> and reads one response (by Content-Length); null when the server closed first.</summary>
    public static Response? Exchange(Socket s, string request, bool head = false)
    {
        s.Send(Encoding.ASCII.GetBytes(request));
        return Read(s, head);
    }

    public static Response? Read(Socket s, bool head = false)
    {
        var buf = new List<byte>();
        var chunk = new byte[65536];
        int headEnd = -1, length = -1;
        while (true)
        {
            if (headEnd >= 0 && buf.Count >= headEnd + (head ? 0 : length))
            {
                string all = Encoding.UTF8.GetString([.. buf]);
                string h = Encoding.ASCII.GetString([.. buf.Take(headEnd)]);
                int status = int.Parse(h.Split(' ')[1], CultureInfo.InvariantCulture);
                return new Response(status, h, Encoding.UTF8.GetString([.. buf.Skip(headEnd).Take(head ? 0 : length)]));
            }

            int n;
            try
            {
                n = s.Receive(chunk);
            }
            catch (SocketException)
            {
                return null;
            }

            if (n == 0)
            {
                return null;
            }

            buf.AddRange(chunk.AsSpan(0, n).ToArray());
            if (headEnd < 0)
            {
                string text = Encoding.ASCII.GetString([.. buf]);
                int i = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (i >= 0)
                {
                    headEnd = i + 4;
                    var m = System.Text.RegularExpressions.Regex.Match(text[..i], @"Content-Length: (\d+)");
                    length = m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
                }
            }
        }
    }

    /// <summary>One GET of /metrics on a fresh connection, with its wall time.</summary>
    public static (Response? Response, double Seconds) Scrape(int port, string extra = "")
    {
        var sw = Stopwatch.StartNew();
        using var s = Connect(port);
        var r = Exchange(s, Request(extra: extra));
        return (r, sw.Elapsed.TotalSeconds);
    }
}
