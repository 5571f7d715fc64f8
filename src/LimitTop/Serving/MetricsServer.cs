using LimitTop.Platform;
using System.Globalization;
using System.Text;
using LimitTop.Core.Metrics;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Serving;

/// <summary>Bounds of the metrics endpoint (tests shorten the times).</summary>
internal sealed record MetricsServerLimits
{
    /// <summary>Largest request head; a longer one gets 431 and the connection is closed.</summary>
    public int MaxHeadBytes { get; init; } = 8 * 1024;

    /// <summary>
    /// Open client connections. At the cap a newcomer still gets in: the oldest connection with a half-sent request
    /// head is closed for it, else the oldest idle one; only when every one is being answered is the newcomer refused.
    /// </summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>
    /// From the accept (or a kept-alive request's first byte) to its complete head, in total — not per byte: a real
    /// scraper sends its head in one packet, so 64 sockets trickling bytes cannot hold the slots (issue 24, finding 6).
    /// </summary>
    public long HeadTimeoutMs { get; init; } = 2_000;

    /// <summary>A kept-alive connection with no request.</summary>
    public long IdleTimeoutMs { get; init; } = 30_000;

    /// <summary>A response the client does not read.</summary>
    public long WriteTimeoutMs { get; init; } = 10_000;
}

/// <summary>
/// The <c>/metrics</c> HTTP/1.1 endpoint as a poll participant (<see cref="IPollParticipant"/>): one listening socket
/// and its clients, all non-blocking, served from the host's loop; no thread, no timer. The body comes from
/// <c>body(format)</c>, which the host renders once per sample.
/// </summary>
internal sealed class MetricsServer : IPollParticipant, IDisposable
{
    private static readonly byte[] Allow = Encoding.ASCII.GetBytes("Allow: GET, HEAD\r\n");

    private int _listen;
    private readonly MetricsServerLimits _limits;
    private readonly Func<MetricsFormat, byte[]> _body;
    private readonly List<HttpConnection> _connections = [];
    private HttpConnection[] _polled = [];

    public MetricsServer(int listenFd, Func<MetricsFormat, byte[]> body, MetricsServerLimits? limits = null)
    {
        _listen = listenFd;
        _body = body;
        _limits = limits ?? new MetricsServerLimits();
    }

    /// <summary>Connections closed because the cap was reached (a half-sent or idle one replaced, or a refused newcomer).</summary>
    public long Evicted { get; private set; }

    public int Connections => _connections.Count;

    public int PollCount => 1 + _connections.Count;

    public long NextDeadline
    {
        get
        {
            long d = long.MaxValue;
            foreach (var c in _connections)
            {
                d = Math.Min(d, c.Deadline);
            }

            return d;
        }
    }

    public void Fill(Span<pollfd> slots)
    {
        slots[0] = new pollfd { fd = _listen, events = POLLIN };
        _polled = [.. _connections];
        for (int i = 0; i < _polled.Length; i++)
        {
            slots[1 + i] = new pollfd { fd = _polled[i].Fd, events = _polled[i].Events };
        }
    }

    public void Service(ReadOnlySpan<pollfd> slots, long now)
    {
        for (int i = 0; i < _polled.Length && 1 + i < slots.Length; i++)
        {
            var c = _polled[i];
            int re = slots[1 + i].revents;
            if (c.Closed || re == 0)
            {
                continue;
            }

            if ((re & POLLNVAL) != 0 || ((re & (POLLERR | POLLHUP)) != 0 && (re & POLLIN) == 0 && !c.Writing))
            {
                c.Close();
            }
            else if (c.Writing)
            {
                Write(c, now);
            }
            else if ((re & POLLIN) != 0 || (re & POLLHUP) != 0 || (re & POLLERR) != 0)
            {
                Read(c, now);
            }
        }

        if ((slots[0].revents & POLLIN) != 0)
        {
            Accept(now);
        }

        foreach (var c in _connections)
        {
            if (!c.Closed && now >= c.Deadline)
            {
                if (!c.Writing && c.InLength > 0)
                {
                    // A head that never completed (slow-loris): say so, once, without waiting for the client.
                    c.Respond(Head(408, "Request Timeout", null, 0, close: true), null, closeAfter: true);
                    _ = c.Flush(now);
                }

                c.Close();
            }
        }

        _connections.RemoveAll(c => c.Closed);
    }

    private void Accept(long now)
    {
        for (int n = 0; n < 64; n++)
        {
            int fd;
            unsafe
            {
                fd = accept4(_listen, null, null, SOCK_NONBLOCK | SOCK_CLOEXEC);
            }

            if (fd < 0)
            {
                return; // EAGAIN, or EMFILE/ENFILE: the next poll tries again
            }

            _connections.RemoveAll(c => c.Closed);
            if (_connections.Count >= _limits.MaxConnections)
            {
                Evicted++;
                if (Victim() is not { } victim)
                {
                    close(fd); // every connection is being answered: the newcomer is refused
                    continue;
                }

                victim.Close();
                _connections.Remove(victim);
            }

            _connections.Add(new HttpConnection(fd, _limits.MaxHeadBytes, now, now + _limits.HeadTimeoutMs));
        }
    }

    /// <summary>
    /// The connection a newcomer replaces at the cap: the oldest half-sent head (a slow-loris holds its slot longest,
    /// a real scraper sends its head at once), else the one idle longest; never one being answered. A newcomer is the
    /// newest, so a reconnecting flood replaces its own earlier sockets before it reaches a real scraper's.
    /// </summary>
    private HttpConnection? Victim()
    {
        HttpConnection? partial = null, idle = null;
        foreach (var c in _connections)
        {
            if (c.Writing || c.Closed)
            {
                continue;
            }

            if (c.InLength > 0)
            {
                if (partial is null || c.HeadStartedAt < partial.HeadStartedAt)
                {
                    partial = c;
                }
            }
            else if (idle is null || c.LastActivity < idle.LastActivity)
            {
                idle = c;
            }
        }

        return partial ?? idle;
    }

    private void Read(HttpConnection c, long now)
    {
        bool hadBytes = c.InLength > 0;
        if (!c.Receive(now))
        {
            c.Close(); // the client closed its side (or reset): nothing more can be asked on it
            return;
        }

        if (!hadBytes && c.InLength > 0)
        {
            c.HeadStartedAt = now;
            c.Deadline = Math.Min(c.Deadline, now + _limits.HeadTimeoutMs); // total, never moved by later bytes
        }

        Answer(c, now);
    }

    private void Answer(HttpConnection c, long now)
    {
        var req = HttpRequestParser.Parse(c.Received, _limits.MaxHeadBytes);
        switch (req.Verdict)
        {
            case HttpVerdict.NeedMore:
                return;
            case HttpVerdict.HeaderTooLarge:
                c.Respond(Head(431, "Request Header Fields Too Large", null, 0, close: true), null, closeAfter: true);
                break;
            case HttpVerdict.BadRequest:
                c.Respond(Head(400, "Bad Request", null, 0, close: true), null, closeAfter: true);
                break;
            case HttpVerdict.MethodNotAllowed:
                c.Consume(req.HeadLength);
                c.Respond(Head(405, "Method Not Allowed", null, 0, !req.KeepAlive, Allow), null, !req.KeepAlive);
                break;
            case HttpVerdict.NotFound:
                c.Consume(req.HeadLength);
                byte[] nf = "404 page not found: the metrics are at /metrics\n"u8.ToArray();
                c.Respond(Head(404, "Not Found", "text/plain; charset=utf-8", nf.Length, !req.KeepAlive), req.Head ? null : nf, !req.KeepAlive);
                break;
            default:
                c.Consume(req.HeadLength);
                var format = req.OpenMetrics ? MetricsFormat.OpenMetrics100 : MetricsFormat.Prometheus004;
                byte[] body = _body(format);
                c.Respond(Head(200, "OK", MetricsTextWriter.ContentType(format), body.Length, !req.KeepAlive), req.Head ? null : body, !req.KeepAlive);
                break;
        }

        c.Deadline = now + _limits.WriteTimeoutMs;
        Write(c, now);
    }

    private void Write(HttpConnection c, long now)
    {
        switch (c.Flush(now))
        {
            case null:
                c.Close();
                return;
            case false:
                c.Deadline = now + _limits.WriteTimeoutMs; // progress (or not yet): the client has this long to read on
                return;
        }

        if (c.CloseAfterWrite)
        {
            c.Close();
            return;
        }

        c.Deadline = now + _limits.IdleTimeoutMs;
        if (c.InLength > 0)
        {
            c.HeadStartedAt = now;
            c.Deadline = Math.Min(c.Deadline, now + _limits.HeadTimeoutMs);
            Answer(c, now); // a pipelined request already arrived
        }
    }

    private static byte[] Head(int status, string reason, string? contentType, int length, bool close, byte[]? extra = null)
    {
        var sb = new StringBuilder(160);
        sb.Append("HTTP/1.1 ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(reason).Append("\r\n");
        if (contentType is not null)
        {
            sb.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }

        sb.Append("Content-Length: ").Append(length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        sb.Append(close ? "Connection: close\r\n" : "Connection: keep-alive\r\n");
        if (extra is not null)
        {
            sb.Append(Encoding.ASCII.GetString(extra));
        }

        sb.Append("\r\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public void Dispose()
    {
        foreach (var c in _connections)
        {
            c.Close();
        }

        _connections.Clear();
        if (_listen >= 0)
        {
            close(_listen); // once: a second close could hit an fd number reused since
            _listen = -1;
        }
    }
}
