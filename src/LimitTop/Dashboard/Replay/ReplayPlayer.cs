using System.Globalization;
using LimitTop.Core.Recording;

namespace LimitTop.Dashboard;

/// <summary>
/// The dashboard on a recording (issue 28): a cursor in the journal (Core/Recording/JournalReader, one block decoded at
/// a time, the last 16 kept: a replay never loads the whole journal) whose tick is handed to the controller's collector
/// as a finished snapshot (<see cref="Core.Pipeline.Collector.Recorded"/>). It owns the replay's keys — <c>[</c>/<c>]</c>
/// a tick, <c>{</c>/<c>}</c> a minute, <c>g</c> a typed time, Space play/pause, <c>+</c>/<c>-</c> the speed,
/// <c>e</c> the recorded events — and says "unavailable in replay" for what needs the live box (kill, raise, why).
/// Everything else (sort, search, filters, tree, d) is the dashboard's own, on the recorded snapshot.
/// </summary>
public sealed class ReplayPlayer
{
    /// <summary>The play speeds Space and + / - choose from.</summary>
    public static readonly int[] Speeds = [1, 10, 60];

    private readonly JournalReader _reader;
    private readonly DashboardController _controller;
    private JournalPosition _at;
    private DateTimeOffset _clock;
    private int _speed;

    public ReplayPlayer(JournalReader reader, DashboardController controller, DateTimeOffset? start = null)
    {
        _reader = reader;
        _controller = controller;
        controller.Collector.Recorded = true;
        _at = (start is { } t ? reader.Seek(t) : reader.Last()) ?? throw new JournalFormatException("the journal holds no readable tick");
        controller.Replay = this;
        controller.State.ModeNote = "  Replay     [ ] a tick · { } a minute · g a time · Space play/pause · + - speed · e events · kill, raise, why: unavailable";
    }

    public bool Playing { get; private set; }

    public int Speed => Speeds[_speed];

    /// <summary>The recorded time on screen.</summary>
    public DateTimeOffset Time => _reader.Tick(_at).Time;

    /// <summary>The header's words: REPLAY, the recorded time (UTC, as recorded), and the play state.</summary>
    public string Banner => "REPLAY " + Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC "
        + (Playing ? "▶ " + Speed.ToString(CultureInfo.InvariantCulture) + "×" : "paused");

    /// <summary>Shows the tick at the cursor (the first frame, and after every move).</summary>
    public void Show()
    {
        // The status bar's "sample N ms" is, in a replay, what reading this tick took (a block decoded, or a cache hit).
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        var snapshot = _reader.Tick(_at).ToSnapshot();
        _clock = snapshot.TakenAt;
        _controller.Collector.Accept(snapshot, System.Diagnostics.Stopwatch.GetElapsedTime(t0));
    }

    /// <summary>The backend's timer: while playing, <paramref name="wall"/> of wall time moves the replay Speed times as far.</summary>
    public void Advance(TimeSpan wall)
    {
        if (!Playing)
        {
            return;
        }

        var target = _clock + (wall * Speed);
        var p = _at;
        while (_reader.Next(p) is { } n && _reader.Tick(n).Time <= target)
        {
            p = n;
        }

        if (p == _at && _reader.Next(p) is null)
        {
            Playing = false;
            _controller.State.Status = "end of the recording: paused";
            return;
        }

        if (p != _at)
        {
            _at = p;
            Show();
        }

        _clock = target;
    }

    /// <summary>A key in the dashboard's normal mode; true when it was the replay's.</summary>
    public bool HandleKey(UiKey key)
    {
        switch (key.Char)
        {
            case ']': Step(_reader.Next(_at), "the last recorded tick"); return true;
            case '[': Step(_reader.Previous(_at), "the first recorded tick"); return true;
            case '}': GoTo(Time.AddMinutes(1), forward: true); return true;
            case '{': GoTo(Time.AddMinutes(-1), forward: false); return true;
            case 'g': _controller.Input.OpenDialog(new GoToDialog(this, _reader)); return true;
            case 'e': OpenEvents(); return true;
            case ' ':
                Playing = !Playing;
                _clock = Time;
                _controller.State.Status = Playing ? $"playing at {Speed}× (+ / - change the speed, Space pauses)" : "paused";
                return true;
            case '+':
                _speed = Math.Min(Speeds.Length - 1, _speed + 1);
                _controller.State.Status = $"speed {Speed}×";
                return true;
            case '-':
                _speed = Math.Max(0, _speed - 1);
                _controller.State.Status = $"speed {Speed}×";
                return true;
        }

        if (KeyMap.CommandFor(key) is Command.Kill or Command.RaiseLimit or Command.Explain)
        {
            _controller.State.Status = "unavailable in replay: the recorded processes are not this box's now (kill, raise and why need the live dashboard)";
            return true;
        }

        return false;
    }

    /// <summary>Moves to the tick at or before <paramref name="time"/> (the first tick when before the journal).</summary>
    public void JumpTo(DateTimeOffset time)
    {
        if (_reader.Seek(time) is { } p)
        {
            _at = p;
            Show();
        }
    }

    public void JumpTo(JournalPosition p)
    {
        _at = p;
        Show();
    }

    private void Step(JournalPosition? p, string edge)
    {
        if (p is { } to)
        {
            _at = to;
            Show();
        }
        else
        {
            _controller.State.Status = "at " + edge;
        }
    }

    private void GoTo(DateTimeOffset time, bool forward)
    {
        var p = _reader.Seek(time);
        if (p is { } to && forward && to == _at)
        {
            p = _reader.Next(_at); // a gap longer than a minute: the next tick after it
        }

        Step(p == _at ? null : p, forward ? "the last recorded tick" : "the first recorded tick");
    }

    private void OpenEvents()
    {
        var events = _reader.Events();
        if (events.Count == 0)
        {
            _controller.State.Status = "no event in this recording";
            return;
        }

        var items = events.Select(e => Core.Text.SafeText.Escape(e.Event.Time.UtcDateTime.ToString("yyyy-MM-dd ", CultureInfo.InvariantCulture) + e.Event)).ToList();
        int current = Math.Max(0, events.Count(e => e.Event.Time <= Time) - 1);
        _controller.OpenPicker(new Picker("Recorded events (Enter jumps to one, Esc closes)", items, i => JumpTo(events[i].Position)) { Index = current });
    }
}
