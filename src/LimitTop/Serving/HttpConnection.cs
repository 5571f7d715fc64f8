using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace LimitTop.Serving;

/// <summary>
/// One client of the metrics endpoint: a fixed input buffer (the request-head limit) and at most one response in
/// flight (a small head plus the shared body, never copied). While a response is pending the connection is not read,
/// so a client that stops reading holds one response, not an ever-growing queue.
/// </summary>
internal sealed unsafe class HttpConnection
{
    private readonly byte[] _in;
    private byte[]? _outHead;
    private byte[]? _outBody;
    private int _outOff;

    public HttpConnection(int fd, int maxHead, long now, long firstDeadline)
    {
        Fd = fd;
        _in = new byte[maxHead];
        Deadline = firstDeadline;
        LastActivity = now;
        HeadStartedAt = now;
    }

    public int Fd { get; private set; }

    public int InLength { get; private set; }

    public long Deadline { get; set; }

    public long LastActivity { get; private set; }

    /// <summary>When the head now being received began (the accept, or its first byte): the oldest goes first at the cap.</summary>
    public long HeadStartedAt { get; set; }

    public bool CloseAfterWrite { get; private set; }

    public bool Writing => _outHead is not null;

    /// <summary>Nothing received of a next request and nothing to send: the one to close first at the cap.</summary>
    public bool Idle => !Writing && InLength == 0;

    public bool Closed => Fd < 0;

    public short Events => (short)(Writing ? POLLOUT : POLLIN);

    public ReadOnlySpan<byte> Received => _in.AsSpan(0, InLength);

    /// <summary>Reads what is there; false when the peer closed (or reset) the connection.</summary>
    public bool Receive(long now)
    {
        if (InLength == _in.Length)
        {
            return true; // full: the caller answers 431
        }

        fixed (byte* p = _in)
        {
            long n = recv(Fd, p + InLength, _in.Length - InLength, MSG_DONTWAIT);
            if (n < 0)
            {
                int e = Marshal.GetLastPInvokeError();
                return e == EAGAIN || e == EINTR;
            }

            if (n == 0)
            {
                return false;
            }

            InLength += (int)n;
            LastActivity = now;
            return true;
        }
    }

    /// <summary>Drops the first <paramref name="count"/> received bytes (a request head that was answered).</summary>
    public void Consume(int count)
    {
        count = Math.Min(count, InLength);
        Buffer.BlockCopy(_in, count, _in, 0, InLength - count);
        InLength -= count;
    }

    public void Respond(byte[] head, byte[]? body, bool closeAfter)
    {
        _outHead = head;
        _outBody = body;
        _outOff = 0;
        CloseAfterWrite |= closeAfter;
    }

    /// <summary>Sends what the socket takes; true when the response is fully sent, false when some is left; null on error.</summary>
    public bool? Flush(long now)
    {
        while (_outHead is not null)
        {
            int headLen = _outHead.Length;
            int total = headLen + (_outBody?.Length ?? 0);
            byte[] seg = _outOff < headLen ? _outHead : _outBody!;
            int segOff = _outOff < headLen ? _outOff : _outOff - headLen;
            long n;
            fixed (byte* p = seg)
            {
                n = send(Fd, p + segOff, seg.Length - segOff, MSG_DONTWAIT | MSG_NOSIGNAL);
            }

            if (n < 0)
            {
                int e = Marshal.GetLastPInvokeError();
                return e == EAGAIN || e == EINTR ? false : null;
            }

            _outOff += (int)n;
            LastActivity = now;
            if (_outOff >= total)
            {
                _outHead = null;
                _outBody = null;
                return true;
            }
        }

        return true;
    }

    public void Close()
    {
        if (Fd >= 0)
        {
            close(Fd);
            Fd = -1;
        }
    }
}
