using LimitTop.Platform;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.ViewBase;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.TerminalGui;

/// <summary>
/// Makes Terminal.Gui 2.5.0 sleep when there is nothing to do. Out of the box its input task sleeps 20 ms between
/// non-blocking polls of stdin (50 wake-ups a second, each through a Task.Delay timer) and its main loop runs 25
/// iterations a second (another Task.Delay each); on an idle dashboard that woke the thread-pool workers ~4,000
/// times a second into sched_yield spins. Here:
/// <list type="bullet">
/// <item>the input task blocks in poll(2) on stdin (<see cref="QuietAnsiInput"/>) and, after queuing what it read,
/// wakes the main loop through an eventfd;</item>
/// <item>the main loop, at the start of each iteration (<see cref="IApplication.Iteration"/>), blocks in poll(2) on
/// that eventfd until input arrives, the terminal is resized or the next timer is due, unless a view needs drawing;</item>
/// <item>a SIGWINCH writes the same eventfd: Terminal.Gui notices a new size only by polling (ioctl TIOCGWINSZ in
/// the iteration right after this hook), so without the signal a resize waited for the next wake-up;</item>
/// <item>the main loop's own per-iteration Task.Delay is disabled (<see cref="Application.MaximumIterationsPerSecond"/>
/// = 1000 makes its computed sleep shorter than a millisecond, which it skips).</item>
/// </list>
/// No thread, task or timer is added: the loop and input task stay on the threads Terminal.Gui already has, and
/// the SIGWINCH handler runs where .NET runs every PosixSignalRegistration handler that is not SIGINT/SIGQUIT/SIGTERM
/// — its ".NET SigHandler" thread (made at start-up: it already exists when the dashboard starts, else this
/// registration makes it) reads the signal from the runtime's pipe and queues the handler to the thread pool, which
/// Hosting/ThreadBudget pinned at start-up (Survival/NoNewTaskTests counts the SIGWINCHes against zero clones).
/// </summary>
public sealed class QuietLoop : IDisposable
{
    /// <summary>After input, iterate at 50 Hz this long: a lone Esc is released by the input parser only after
    /// 50 ms of silence, and terminal answers to start-up queries trickle in.</summary>
    private static readonly TimeSpan HotAfterInput = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Longest sleep with no timer due. Resizes and input wake the loop themselves; what is left for this backstop is
    /// Terminal.Gui's own housekeeping that it does per iteration rather than by timer (abandoning a bracketed paste
    /// after 5 s of silence, evicting unanswered terminal queries after 1 s — those are sent at start-up, which runs
    /// hot anyway), so a few seconds are plenty.
    /// </summary>
    private const int MaxSleepMs = 5000;

    /// <summary>The backstop when no SIGWINCH handler could be registered: then a resize is noticed within this.</summary>
    private const int MaxSleepWithoutSignalMs = 1000;

    /// <summary>
    /// Backstop for the input task's poll, should the stop signal ever be missed. Each expiry is dear on an idle
    /// dashboard: Peek returns false, Terminal.Gui's input loop then sleeps through a 20 ms Task.Delay, whose timer
    /// completion wakes the pool workers into sched_yield spins (~50 context switches). At 2 s that was most of
    /// the idle wake-ups left.
    /// </summary>
    private const int InputPollMs = 10_000;

    /// <summary>poll(2) results that mean stdin will never deliver input again.</summary>
    private static readonly int HungUp = (ushort)POLLHUP | (ushort)POLLERR | (ushort)POLLNVAL;

    private readonly int _inputReady; // eventfd: input task or SIGWINCH → main loop ("the queue has input", "resized")
    private readonly int _stop;       // eventfd: main → input task ("stop blocking")
    private readonly PosixSignalRegistration? _winch;
    private readonly StopSignals _stopSignals;
    private readonly Lock _fdLock = new(); // a SIGWINCH handler may still run on a pool thread while we close the fds
    private bool _closed;
    private long _resizes;
    private long _hotUntil;
    private volatile bool _stopping;
    private volatile bool _terminalLost;
    private volatile bool _stopSignalled;
    private bool _drawn;

    public QuietLoop()
    {
        _inputReady = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        _stop = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        _hotUntil = Stopwatch.GetTimestamp() + (long)(2 * Stopwatch.Frequency); // start-up queries
        try
        {
            // The context is left uncancelled, so the runtime's default for SIGWINCH (ignore) follows, as before.
            // (the guard tells the platform analyzer what is true anyway: limittop runs on Linux only)
            _winch = !OperatingSystem.IsLinux() ? null : PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => Resized());
        }
        catch (Exception e) when (e is PlatformNotSupportedException or IOException)
        {
            _winch = null; // resizes are then noticed at the next wake-up (MaxSleepWithoutSignalMs)
        }

        // SIGTERM, SIGINT, SIGHUP: leave through the normal quit (TerminalGui/StopSignals.cs)
        _stopSignals = new StopSignals(() =>
        {
            _stopSignalled = true;
            SignalIfOpen(_inputReady);
        });
    }

    /// <summary>Descriptors polled with the main loop's own and serviced on its thread (Platform/PollSet); add before Run.</summary>
    internal PollSet Participants { get; } = new();

    /// <summary>True when a SIGWINCH wakes the main loop.</summary>
    internal bool WakesOnResize => _winch is not null;

    /// <summary>SIGWINCHes that woke the main loop (tests read them).</summary>
    internal long Resizes => Interlocked.Read(ref _resizes);

    public bool Stopping => _stopping;

    /// <summary>
    /// The terminal hung up (its tmux server, ssh session or xterm went away) while SIGHUP, which would have ended
    /// the process, was ignored (nohup, some supervisors): stdin then polls readable forever and every read fails.
    /// The main loop stops the application instead of spinning a core at 100 %.
    /// </summary>
    public bool TerminalLost => _terminalLost;

    /// <summary>The component factory to hand to the application before Init: the ANSI driver with the quiet input.</summary>
    public AnsiComponentFactory CreateFactory() => new QuietAnsiFactory(this);

    /// <summary>Installs the factory into <paramref name="app"/> (before Init) and hooks its iterations.</summary>
    public void Attach(IApplication app)
    {
        if (app.GetType().Name != "ApplicationImpl")
        {
            return;
        }

        try
        {
            TerminalGuiPatches.ComponentFactory(app) = CreateFactory();
        }
        catch (MissingFieldException)
        {
            return; // another Terminal.Gui: keep its own loop
        }

        app.Iteration += (_, _) => BeforeIteration(app);
        app.LayoutAndDrawComplete += (_, _) => _drawn = true;
    }

    /// <summary>Call when the application is about to stop: the input task must leave its poll.</summary>
    public void Stop()
    {
        _stopping = true;
        if (SignalIfOpen(_stop))
        {
            SignalIfOpen(_inputReady);
        }
    }

    public void Dispose()
    {
        _winch?.Dispose();
        _stopSignals.Dispose();

        Stop();
        lock (_fdLock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true; // under the lock: see SignalIfOpen
            _ = close(_inputReady);
            _ = close(_stop);
        }
    }

    /// <summary>SIGWINCH, on a thread-pool worker: wake the main loop, whose next iteration reads the new size.</summary>
    private void Resized()
    {
        if (SignalIfOpen(_inputReady))
        {
            Interlocked.Increment(ref _resizes);
        }
    }

    /// <summary>Input task: input was queued.</summary>
    internal void InputQueued()
    {
        Volatile.Write(ref _hotUntil, Stopwatch.GetTimestamp() + (long)(HotAfterInput.TotalSeconds * Stopwatch.Frequency));
        Signal(_inputReady);
    }

    /// <summary>Input task: blocks until stdin is readable, stop is signalled or the backstop passes.</summary>
    internal unsafe void WaitForStdin()
    {
        if (_stopping)
        {
            return;
        }

        pollfd* fds = stackalloc pollfd[2];
        fds[0] = new pollfd { fd = 0, events = POLLIN };
        fds[1] = new pollfd { fd = _stop, events = POLLIN };
        _ = poll(fds, 2, InputPollMs);
        if ((fds[0].revents & HungUp) != 0)
        {
            LoseTerminal();
        }
    }

    /// <summary>
    /// Input task, before Terminal.Gui peeks: true when stdin has hung up. Its own peek would report the hang-up
    /// as input, its read would fail, and its input loop would go round again at once.
    /// </summary>
    internal unsafe bool StdinHungUp()
    {
        if (_terminalLost)
        {
            return true;
        }

        pollfd fd = new() { fd = 0, events = POLLIN };
        if (poll(&fd, 1, 0) > 0 && (fd.revents & HungUp) != 0)
        {
            LoseTerminal();
            return true;
        }

        return false;
    }

    /// <summary>Input task, after a hang-up: sleep until the application stops (no spinning on a dead stdin).</summary>
    internal unsafe void WaitForStop()
    {
        if (_stopping)
        {
            return;
        }

        pollfd fd = new() { fd = _stop, events = POLLIN };
        _ = poll(&fd, 1, InputPollMs);
    }

    private void LoseTerminal()
    {
        _terminalLost = true;
        SignalIfOpen(_inputReady);
    }

    /// <summary>
    /// Writes an eventfd unless Dispose has closed it. Under the lock: a SIGWINCH handler queued before the
    /// registration went away, or the input task, must not write to a closed descriptor whose number a later open
    /// may have reused.
    /// </summary>
    private bool SignalIfOpen(int fd)
    {
        lock (_fdLock)
        {
            if (_closed)
            {
                return false;
            }

            Signal(fd);
            return true;
        }
    }

    private unsafe void BeforeIteration(IApplication app)
    {
        if (_terminalLost || _stopSignalled)
        {
            // every iteration: the first request may only close an open dialog
            Stop();
            app.RequestStop();
            return;
        }

        int timeout = SleepMs(app);
        if (timeout <= 0 && Participants.IsEmpty)
        {
            return;
        }

        // The participants' sockets (the metrics server) share this poll: serviced here, on the main loop thread.
        var slots = Participants.Prepare(1);
        slots[0] = new pollfd { fd = _inputReady, events = POLLIN };
        long now = Environment.TickCount64;
        _ = Participants.Poll(Participants.Timeout(now + Math.Max(0, timeout), now));
        if ((slots[0].revents & POLLIN) != 0)
        {
            ulong drained;
            _ = read(_inputReady, &drained, sizeof(ulong));
        }

        Participants.Service(Environment.TickCount64);
    }

    /// <summary>How long the main loop may sleep now: 0 while something waits to be drawn or run.</summary>
    internal int SleepMs(IApplication app)
    {
        if (_stopping || !_drawn)
        {
            return 0;
        }

        foreach (var token in app.SessionStack ?? [])
        {
            if (token.Runnable is View v && (v.NeedsDraw || v.NeedsLayout))
            {
                return 0;
            }
        }

        long now = Stopwatch.GetTimestamp();
        if (now < Volatile.Read(ref _hotUntil))
        {
            return 20; // the pace Terminal.Gui polls at
        }

        int cap = _winch is null ? MaxSleepWithoutSignalMs : MaxSleepMs;
        int ms = cap;
        try
        {
            var timeouts = app.TimedEvents?.Timeouts;
            if (timeouts is { Count: > 0 })
            {
                long due = timeouts.Keys[0];
                // TimedEvents keys are DateTime.Now ticks with the default time provider, Stopwatch-derived
                // 100 ns ticks without one; the magnitudes tell them apart (1e17 vs. uptime × 1e7).
                long nowTicks = due > 100_000_000_000_000_000L ? DateTime.Now.Ticks : (long)(now * (10_000_000.0 / Stopwatch.Frequency));
                long untilMs = (due - nowTicks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
                ms = (int)Math.Clamp(untilMs, 0, cap);
            }
        }
        catch (InvalidOperationException)
        {
            ms = 20; // the list changed under us (another thread added a timer): look again soon
        }

        return ms;
    }

    private static unsafe void Signal(int fd)
    {
        ulong one = 1;
        _ = write(fd, &one, sizeof(ulong));
    }

    private sealed class QuietAnsiFactory(QuietLoop loop) : AnsiComponentFactory
    {
        public override IInput<char> CreateInput() => new QuietAnsiInput(loop);
    }
}
