using LimitTop.Platform;
using System.Diagnostics;
using LimitTop.Dashboard;
using LimitTop.Frames;

namespace LimitTop.RawTerminal;

/// <summary>
/// The single-thread mode's whole event loop, on the main thread: one poll(2) over stdin and the signalfd with
/// the nearest timer (or the Esc wait) as its timeout. No thread, no timer object, no Task. Keys, resizes and
/// timers only change state and ask for a frame; one frame is drawn per wake-up. <paramref name="polls"/> carries
/// the poll participants the loop hosts besides (the --metrics server): their descriptors follow the loop's two in
/// the same poll(2), their deadlines bound its timeout, and they are serviced after the keys and timers.
/// </summary>
internal sealed class RawLoop(SignalFd signals, IRawHost host, PollSet? polls = null)
{
    private readonly PollSet _polls = polls ?? new PollSet();

    /// <summary>
    /// The signals the single-thread mode reacts to, read from the signalfd: SIGWINCH (resize), SIGTERM/SIGINT/SIGHUP/
    /// SIGQUIT (leave, restoring the terminal), SIGCONT (repaint), and SIGTSTP/SIGTTIN/SIGTTOU/SIGPIPE (ignored:
    /// stopping would leave the terminal raw; a closed terminal shows as EIO/EPIPE and POLLHUP).
    /// </summary>
    public static readonly int[] Handled =
    [
        Native.SIGWINCH, Native.SIGTERM, Native.SIGINT, Native.SIGHUP, Native.SIGQUIT, Native.SIGCONT,
        Native.SIGTSTP, Native.SIGTTIN, Native.SIGTTOU, Native.SIGPIPE,
    ];

    /// <summary>How long a lone ESC waits for the rest of a sequence before it counts as the Esc key.</summary>
    public static readonly TimeSpan EscWait = TimeSpan.FromMilliseconds(50);

    private readonly List<Timer> _timers = [];
    private readonly byte[] _input = new byte[4096];
    private readonly List<UiKey> _keys = [];
    private int _pending;
    private long _escDeadline;

    /// <summary>Runs <paramref name="step"/> every <paramref name="every"/> until it returns false; the handle is for <see cref="Change"/>.</summary>
    public object Every(TimeSpan every, Func<bool> step)
    {
        var timer = new Timer(Stopwatch.GetTimestamp() + Ticks(every), Ticks(every), step);
        _timers.Add(timer);
        return timer;
    }

    /// <summary>A new period for the timer <see cref="Every"/> returned: next due one new period from now.</summary>
    public void Change(object timer, TimeSpan every)
    {
        var t = (Timer)timer;
        t.Period = Ticks(every);
        t.Due = Stopwatch.GetTimestamp() + t.Period;
    }

    /// <summary>Runs until the host asks to quit (0), a signal ends it (0, SIGHUP 1), or the terminal is gone (1).</summary>
    public int Run()
    {
        if (!host.Draw())
        {
            return 1;
        }

        while (!host.QuitRequested)
        {
            var fds = _polls.Prepare(2);
            fds[0] = new Tmds.Linux.pollfd { fd = Fd.Stdin, events = Native.POLLIN };
            fds[1] = new Tmds.Linux.pollfd { fd = signals.Handle, events = Native.POLLIN };
            long nowMs = Environment.TickCount64;
            int own = TimeoutMs();
            int rc = _polls.Poll(_polls.Timeout(own < 0 ? long.MaxValue : nowMs + own, nowMs));
            if (rc < 0)
            {
                continue; // EINTR (signals arrive through the signalfd), or ENOMEM: try again
            }

            short stdinEvents = fds[0].revents, signalEvents = fds[1].revents;
            bool draw = false;
            if ((signalEvents & Native.POLLIN) != 0 && Signals(ref draw) is { } code)
            {
                return code;
            }

            if ((stdinEvents & Native.POLLIN) != 0)
            {
                if (!ReadInput())
                {
                    return 1;
                }

                draw |= DecodeKeys(final: false);
            }
            else if ((stdinEvents & (Native.POLLHUP | Native.POLLERR | Native.POLLNVAL)) != 0)
            {
                return 1; // the terminal hung up: nobody to restore it for
            }

            long now = Stopwatch.GetTimestamp();
            if (_escDeadline != 0 && now >= _escDeadline)
            {
                draw |= DecodeKeys(final: true);
            }

            draw |= RunTimers(now);
            _polls.Service(Environment.TickCount64); // scrapes answered between ticks, on this thread
            if (draw && !host.QuitRequested && !host.Draw())
            {
                return 1;
            }
        }

        return 0;
    }

    private int? Signals(ref bool draw)
    {
        for (int s = signals.Next(); s != 0; s = signals.Next())
        {
            switch (s)
            {
                case Native.SIGWINCH:
                case Native.SIGCONT:
                    host.Invalidate();
                    draw = true;
                    break;
                case Native.SIGHUP:
                    return 1;
                case Native.SIGTERM:
                case Native.SIGINT:
                case Native.SIGQUIT:
                    return 0;
            }
        }

        return null;
    }

    /// <summary>False when stdin reached EOF or failed (the terminal is gone).</summary>
    private unsafe bool ReadInput()
    {
        if (_pending == _input.Length)
        {
            _pending = 0; // a flood of bytes that decode to nothing: drop them
        }

        fixed (byte* p = _input)
        {
            nint n = Native.Read(Fd.Stdin, p + _pending, _input.Length - _pending);
            if (n > 0)
            {
                _pending += (int)n;
                return true;
            }

            return n < 0 && Native.Errno is Native.EINTR or Native.EAGAIN;
        }
    }

    private bool DecodeKeys(bool final)
    {
        _keys.Clear();
        int used = KeyDecoder.Decode(_input.AsSpan(0, _pending), final, _keys);
        Array.Copy(_input, used, _input, 0, _pending - used);
        _pending -= used;
        _escDeadline = _pending > 0 ? Stopwatch.GetTimestamp() + Ticks(EscWait) : 0;
        foreach (var k in _keys)
        {
            host.Key(k);
            if (host.QuitRequested)
            {
                break;
            }
        }

        return _keys.Count > 0;
    }

    private bool RunTimers(long now)
    {
        bool ran = false;
        for (int i = 0; i < _timers.Count; i++)
        {
            var t = _timers[i];
            if (now < t.Due)
            {
                continue;
            }

            ran = true;
            if (!t.Step())
            {
                _timers.RemoveAt(i--);
                continue;
            }

            // next due one period on; after a stall (a slow sample, SIGSTOP) not a burst of catch-up ticks
            long due = t.Due + t.Period;
            t.Due = due > now ? due : now + t.Period;
        }

        return ran;
    }

    private int TimeoutMs()
    {
        long next = long.MaxValue;
        foreach (var t in _timers)
        {
            next = Math.Min(next, t.Due);
        }

        if (_escDeadline != 0)
        {
            next = Math.Min(next, _escDeadline);
        }

        if (next == long.MaxValue)
        {
            return -1;
        }

        double ms = Math.Ceiling((next - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency);
        return (int)Math.Clamp(ms, 0, 3_600_000);
    }

    private static long Ticks(TimeSpan t) => (long)(t.TotalSeconds * Stopwatch.Frequency);

    private sealed class Timer(long due, long period, Func<bool> step)
    {
        public long Due { get; set; } = due;

        public long Period { get; set; } = period;

        public Func<bool> Step { get; } = step;
    }
}

/// <summary>What the loop drives: the dashboard adapter (<see cref="RawDashboard"/>).</summary>
internal interface IRawHost
{
    bool QuitRequested { get; }

    void Key(UiKey key);

    /// <summary>The terminal no longer shows the last frame (resize, SIGCONT): paint everything next.</summary>
    void Invalidate();

    /// <summary>Paints the current frame; false when the terminal is gone.</summary>
    bool Draw();
}
