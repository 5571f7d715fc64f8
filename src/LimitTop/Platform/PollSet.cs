using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Platform;

/// <summary>
/// The pollfd array of one poll(2) loop: the host's own descriptors first (<c>reserved</c> slots it fills itself),
/// then every <see cref="IPollParticipant"/>'s. One iteration of a host:
/// <code>
/// var slots = set.Prepare(1);               // participants fill slots[1..]
/// slots[0] = new pollfd { fd = myFd, events = POLLIN };
/// set.Poll(set.Timeout(myDeadline, now));  // never later than a participant's deadline
/// ... handle slots[0].revents ...
/// set.Service(Environment.TickCount64);     // participants handle their slots
/// </code>
/// Used by Headless/HeadlessLoop and TerminalGui/QuietLoop; the single-thread raw-terminal loop hosts it the same
/// way. Not thread-safe: the host calls it from its one loop thread.
/// </summary>
internal sealed unsafe class PollSet
{
    private readonly List<IPollParticipant> _participants = [];
    private int[] _counts = [];
    private pollfd[] _slots = new pollfd[8];
    private int _reserved;
    private int _count;

    public bool IsEmpty => _participants.Count == 0;

    public void Add(IPollParticipant p)
    {
        _participants.Add(p);
        _counts = new int[_participants.Count];
    }

    /// <summary>The earliest deadline of any participant (monotonic ms) as of the last <see cref="Prepare"/>; long.MaxValue for none.</summary>
    public long NextDeadline { get; private set; } = long.MaxValue;

    /// <summary>Lays out <paramref name="reserved"/> host slots (cleared) followed by the participants' slots.</summary>
    public Span<pollfd> Prepare(int reserved)
    {
        int count = reserved;
        long deadline = long.MaxValue;
        for (int i = 0; i < _participants.Count; i++)
        {
            _counts[i] = _participants[i].PollCount;
            count += _counts[i];
            deadline = Math.Min(deadline, _participants[i].NextDeadline);
        }

        NextDeadline = deadline;

        if (_slots.Length < count)
        {
            _slots = new pollfd[count * 2];
        }

        _slots.AsSpan(0, reserved).Clear();
        int at = reserved;
        for (int i = 0; i < _participants.Count; i++)
        {
            _participants[i].Fill(_slots.AsSpan(at, _counts[i]));
            at += _counts[i];
        }

        _reserved = reserved;
        _count = count;
        return _slots.AsSpan(0, count);
    }

    /// <summary>A poll timeout in ms (after <see cref="Prepare"/>) that wakes for <paramref name="hostDeadline"/> or a participant's, whichever is first.</summary>
    public int Timeout(long hostDeadline, long now) => (int)Math.Clamp(Math.Min(hostDeadline, NextDeadline) - now, 0, int.MaxValue);

    /// <summary>poll(2) over the prepared slots; on failure (EINTR) no slot reports readiness.</summary>
    public int Poll(int timeoutMs)
    {
        int ready;
        fixed (pollfd* p = _slots)
        {
            ready = poll(p, (ulong_t)(ulong)_count, timeoutMs);
        }

        if (ready < 0)
        {
            for (int i = 0; i < _count; i++)
            {
                _slots[i].revents = 0;
            }
        }

        return ready;
    }

    /// <summary>Hands each participant the slots it filled, with their revents.</summary>
    public void Service(long now)
    {
        int at = _reserved;
        for (int i = 0; i < _participants.Count; i++)
        {
            _participants[i].Service(_slots.AsSpan(at, _counts[i]), now);
            at += _counts[i];
        }
    }
}
