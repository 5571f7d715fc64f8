using Tmds.Linux;

namespace LimitTop.Platform;

/// <summary>
/// Something that lives in a poll(2) loop owned by someone else: the headless loop today, the raw-terminal and the
/// Terminal.Gui dashboards later. Per iteration the host asks for <see cref="PollCount"/> slots, lets the
/// participant <see cref="Fill"/> them, polls with a timeout no later than <see cref="NextDeadline"/>, and hands the
/// same slots (now with revents) to <see cref="Service"/>. Times are milliseconds of a monotonic clock
/// (<see cref="Environment.TickCount64"/>). A participant never blocks, never starts a thread, never sleeps.
/// </summary>
internal interface IPollParticipant
{
    /// <summary>How many pollfd slots the next <see cref="Fill"/> writes (changes as connections come and go).</summary>
    int PollCount { get; }

    /// <summary>Writes exactly <see cref="PollCount"/> slots (fd, events; revents cleared).</summary>
    void Fill(Span<pollfd> slots);

    /// <summary>The earliest moment the participant needs to run even without I/O (a timeout); long.MaxValue for never.</summary>
    long NextDeadline { get; }

    /// <summary>Handles the slots <see cref="Fill"/> wrote, after poll returned (or timed out) at <paramref name="now"/>.</summary>
    void Service(ReadOnlySpan<pollfd> slots, long now);
}
