using LimitTop.Core.Model;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Sampling;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>
/// The dashboard as a terminal backend sees it: it owns the pieces and wires them, and callers use the piece that
/// owns what they need — feed it (a sink of its <see cref="Collector"/>, or <see cref="OnSnapshot"/>), give it input
/// (<see cref="Input"/>: keys, commands, scrolling, sorting, dialogs; <see cref="Click"/> on the last frame), ask it
/// for a frame (<see cref="Frame"/>), read the state (<see cref="State"/>: mode, status, quit), the snapshots
/// (<see cref="Store"/>), the table and its selection (<see cref="Viewport"/>), and drive action steps
/// (<see cref="Timers"/>: NextDeadline, Tick). The work is in those and in <see cref="FrameComposer"/>.
/// </summary>
public sealed class DashboardController
{
    private DashboardScreen? _lastFrame;

    /// <summary>
    /// A dashboard fed by <paramref name="collector"/> (the host's, pulling from the live kernel or a recording); without
    /// one it gets a collector of its own that only <see cref="OnSnapshot"/> feeds (view tests, benchmarks).
    /// </summary>
    public DashboardController(TimeSpan interval, Collector? collector = null)
    {
        Collector = collector ?? new Collector();
        State = new DashboardState(interval);
        Store = new SnapshotStore(Collector.Trends, Collector.History);
        Input = new InputHandler(State, Store, Viewport, () => new ActionContext(Store.Shown, Viewport.Selected, this));
        Collector.Add(new ScreenSink(this));
    }

    /// <summary>The tick pipeline this dashboard is one sink of (Core/Pipeline).</summary>
    public Collector Collector { get; }

    public DashboardState State { get; }

    public SnapshotStore Store { get; }

    public TableViewport Viewport { get; } = new();

    public InputHandler Input { get; }

    /// <summary>Steps of running actions (a group kill's rounds); the backend polls NextDeadline and calls Tick.</summary>
    public StepTimers Timers { get; } = new();

    // --- feeding ---

    /// <summary>A snapshot taken elsewhere (a test's): finished by the collector as a sampled one, then shown.</summary>
    public void OnSnapshot(Snapshot snapshot) => Collector.Accept(snapshot);

    /// <summary>The dashboard as one sink of the collector: what the visible columns need read, and each finished tick.</summary>
    private sealed class ScreenSink(DashboardController c) : ITickSink
    {
        public ReadNeeds Needs => c.State.Needs;

        public void OnTick(CollectedTick tick)
        {
            c.Store.LastSampleTime = tick.SampleTime;
            c.Input.OnSnapshot(tick.Snapshot, tick.NewEvents);
        }

        public void OnFailed(string problem) => c.Store.Fail(problem);
    }

    // --- input (the rest goes to Input, the state to State, the table to Viewport, the snapshots to Store) ---

    public bool HandleKey(UiKey key)
    {
        var before = State.Interval;
        bool handled = (State.Mode == Mode.Normal && Replay is { } replay && replay.HandleKey(key)) || Input.HandleKey(key);
        Rearm(before);
        return handled;
    }

    /// <summary>The replay this dashboard shows (<c>--replay</c>), or null on the live box: its keys come first.</summary>
    public ReplayPlayer? Replay { get; set; }

    /// <summary>Opens a choice list (the replay's recorded events).</summary>
    public void OpenPicker(Picker picker) => Input.OpenPickerOf(picker);

    public void Execute(Command command)
    {
        var before = State.Interval;
        Input.Execute(command);
        Rearm(before);
    }

    /// <summary>
    /// The backend's refresh timer follows a new interval (keys ( ) or the F2 row): it is given the new period at
    /// once, so a change from 60 s to 1 s does not wait out the old minute. Both backends set it.
    /// </summary>
    public Action<TimeSpan>? IntervalChanged { get; set; }

    private void Rearm(TimeSpan before)
    {
        if (State.Interval != before)
        {
            IntervalChanged?.Invoke(State.Interval);
        }
    }

    /// <summary>A click at a cell of the last frame handed out by <see cref="Frame"/>.</summary>
    public void Click(int x, int y)
    {
        if (_lastFrame is { } f)
        {
            Input.Click(f, x, y);
        }
    }

    // --- output ---

    /// <summary>
    /// The frame for a terminal of <paramref name="width"/> × <paramref name="height"/>: composed (a pure function),
    /// then the viewport takes the table's place in it, so PgUp/PgDn and clicks use what is on screen.
    /// </summary>
    public DashboardScreen Frame(int width, int height, DateTimeOffset now)
    {
        // A replay's clock is the recorded one: the header shows it, and a recorded event flashes when it is reached.
        State.ReplayBanner = Replay?.Banner;
        var frame = FrameComposer.Compose(State, Store, Viewport, width, height, Replay is null ? now : Store.Shown?.TakenAt ?? now);
        Viewport.Fit(frame);
        State.Why?.Fit(frame);
        _lastFrame = frame;
        return frame;
    }
}
