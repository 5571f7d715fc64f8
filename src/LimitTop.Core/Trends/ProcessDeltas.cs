using LimitTop.Core.Model;

namespace LimitTop.Core.Trends;

/// <summary>Change per minute of one process's threads, fds and sockets; null where not measurable yet.</summary>
public readonly record struct ProcessDelta(double? ThreadsPerMinute, double? FdsPerMinute, double? SocketsPerMinute);

/// <summary>
/// Δ/min of every process (the process table's column): each process keeps a ring of <see cref="Slots"/> samples
/// taken ≥ <see cref="SpacingSeconds"/> apart, and the delta is the newest sample minus the oldest one in the
/// ring (up to 60 s back), scaled to a minute; none until the span is at least <see cref="SpacingSeconds"/>. A
/// process is identified by pid and start time (a reused pid is a new process) and forgotten on the first tick
/// it is absent. A tick allocates only for processes that appeared.
/// </summary>
public sealed class ProcessDeltas
{
    public const int Slots = 7;
    public const int SpacingSeconds = 10;

    private readonly Dictionary<(int Pid, ulong Start), Track> _tracks = new(1024);
    private long _tick;

    public int Count => _tracks.Count;

    public void Observe(IReadOnlyList<ProcessSample> processes, int second)
    {
        _tick++;
        foreach (var p in processes)
        {
            var key = (p.Pid, p.StartTicks);
            if (!_tracks.TryGetValue(key, out var t))
            {
                _tracks[key] = t = new Track();
            }

            t.Seen = _tick;
            t.Add(new Sample(second, p.Threads, p.Fds ?? -1, p.Sockets ?? -1));
        }

        if (_tracks.Count > processes.Count)
        {
            foreach (var (key, t) in _tracks)
            {
                if (t.Seen != _tick)
                {
                    _tracks.Remove(key); // allowed while enumerating a Dictionary (.NET Core 3.0+)
                }
            }
        }
    }

    public ProcessDelta Get(int pid, ulong startTicks)
        => _tracks.TryGetValue((pid, startTicks), out var t) ? t.Delta() : default;

    private readonly record struct Sample(int Second, int Threads, int Fds, int Sockets);

    private sealed class Track
    {
        private readonly Sample[] _ring = new Sample[Slots];
        private int _start;
        private int _count;
        private Sample _newest;

        public long Seen;

        public void Add(Sample s)
        {
            _newest = s;
            if (_count > 0 && s.Second - _ring[(_start + _count - 1) % Slots].Second < SpacingSeconds)
            {
                return;
            }

            if (_count == Slots)
            {
                _start = (_start + 1) % Slots;
                _count--;
            }

            _ring[(_start + _count) % Slots] = s;
            _count++;
        }

        public ProcessDelta Delta()
        {
            if (_count == 0)
            {
                return default;
            }

            var old = _ring[_start];
            int span = _newest.Second - old.Second;
            if (span < SpacingSeconds)
            {
                return default;
            }

            double perMinute = 60.0 / span;
            return new ProcessDelta(
                (_newest.Threads - old.Threads) * perMinute,
                old.Fds >= 0 && _newest.Fds >= 0 ? (_newest.Fds - old.Fds) * perMinute : null,
                old.Sockets >= 0 && _newest.Sockets >= 0 ? (_newest.Sockets - old.Sockets) * perMinute : null);
        }
    }
}
