using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

public sealed class RecordingTimeTests
{
    private static readonly DateTimeOffset End = new(2026, 12, 7, 10, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("03:14", "2026-12-07T03:14:00Z")]
    [InlineData("03:14:05", "2026-12-07T03:14:05Z")]
    [InlineData("23:00", "2026-12-06T23:00:00Z")] // after the journal's end today: yesterday's
    [InlineData("2026-12-07 03:14:05", "2026-12-07T03:14:05Z")]
    [InlineData("2026-12-05T01:02", "2026-12-05T01:02:00Z")]
    [InlineData("-2h", "2026-12-07T08:30:00Z")]
    [InlineData("-90m", "2026-12-07T09:00:00Z")]
    [InlineData("-30s", "2026-12-07T10:29:30Z")]
    [InlineData("-1d", "2026-12-06T10:30:00Z")]
    public void Times_a_replay_is_asked_for(string text, string expected)
    {
        Assert.True(RecordingTime.TryParse(text, End, TimeSpan.Zero, out var t, out string? error), error);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), t);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-2x")]
    [InlineData("-h")]
    [InlineData("25:61")]
    [InlineData("")]
    [InlineData("-99999999999999999999h")]
    public void Anything_else_is_refused_in_words(string text)
    {
        Assert.False(RecordingTime.TryParse(text, End, TimeSpan.Zero, out _, out string? error));
        Assert.Contains("'" + text + "'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fixture_reports_a_moment_and_its_events()
    {
        using var r = JournalReader.Open(Path.Combine(AppContext.BaseDirectory, "Fixtures", "recording", "v1"));
        Assert.True(RecordingTime.TryParse("03:00:43", r.End!.Value, TimeSpan.Zero, out var at, out _));
        string text = RecordingReport.Moment(r, at, json: false)!; // the last tick at or before 03:00:43
        Assert.StartsWith("REPLAY limittop — host-a — 2026-12-07 03:00:42Z", text, StringComparison.Ordinal);
        string json = RecordingReport.Moment(r, at, json: true)!;
        Assert.Contains("\"takenAt\": \"2026-12-07T03:00:42.002+00:00\"", json, StringComparison.Ordinal);
        string events = RecordingReport.Events(r, json: false);
        Assert.Equal("2026-12-07 03:00:37 cgroup:/system.slice/svc1.service: 37 forks refused by pids.max; (a) b) pid 137 holds the most tasks\n", events);
        string lines = RecordingReport.Events(r, json: true);
        Assert.Single(lines.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"kind\":\"fork-rejected\"", lines, StringComparison.Ordinal);
    }
}
