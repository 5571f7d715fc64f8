namespace LimitTop.TestSupport;

/// <summary>The one fake clock: a <see cref="TimeProvider"/> that moves only when the test says so.</summary>
public sealed class ManualTime : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The timestamp (one tick = 100 ns, <see cref="TimestampFrequency"/>); a test may set it outright.</summary>
    public long Ticks { get; set; } = 1_000_000;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Ticks;

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(Ticks);

    public void Advance(TimeSpan by) => Ticks += by.Ticks;
}
