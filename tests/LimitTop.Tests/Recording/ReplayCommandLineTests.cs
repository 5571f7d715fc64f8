using System.Text.Json;
using LimitTop.Tests.Survival;

namespace LimitTop.Tests.Recording;

/// <summary>
/// <c>--replay DIR --at TIME --once [--json]</c> and <c>--replay DIR --events [--json]</c> on a journal written here,
/// and their mistakes: one line each, exit 2 (a bad time, a missing or empty journal, options that do not go together).
/// </summary>
public sealed class ReplayCommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lt_w28_replaycli_").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Sh.Result Run(params string[] args)
        => Sh.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "limittop.dll"), .. args]);

    [Fact]
    public void A_moment_and_the_events_are_printed_for_scripts()
    {
        ReplayDashboardTests.WriteJournal(_dir);
        var once = Run("--replay", _dir, "--at", "2026-12-07 03:02:00", "--once", "--json");
        Assert.True(once.ExitCode == 0, once.Stderr);
        using var doc = JsonDocument.Parse(once.Stdout);
        Assert.Equal(DateTimeOffset.Parse("2026-12-07T03:02:00Z", System.Globalization.CultureInfo.InvariantCulture), doc.RootElement.GetProperty("takenAt").GetDateTimeOffset());
        var grower = doc.RootElement.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("pid").GetInt32() == 200);
        Assert.Equal(2000 + (120 * 2100 / 300), grower.GetProperty("threads").GetInt32()); // tick 120 of the written journal

        var text = Run("--replay", _dir, "--at", "-1m", "--once");
        Assert.Equal(0, text.ExitCode);
        Assert.StartsWith("REPLAY limittop", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("03:03:59", text.Stdout, StringComparison.Ordinal); // a minute before the end (03:04:59)

        var events = Run("--replay", _dir, "--events", "--json");
        Assert.Equal(0, events.ExitCode);
        var lines = events.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        Assert.Contains(lines, l => l.Contains("\"critical\"", StringComparison.Ordinal) && l.Contains("nproc", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_time_or_journal_is_one_line_and_exit_2()
    {
        ReplayDashboardTests.WriteJournal(_dir, ticks: 30);
        string empty = Directory.CreateTempSubdirectory("lt_w28_empty_").FullName;
        try
        {
            foreach (var (args, line) in new (string[], string)[]
            {
                (["--replay", _dir, "--at", "25:99", "--once"], "limittop: --at '25:99': not a time (use 03:14, 2026-12-07 03:14:05 or -2h)"),
                (["--replay", _dir, "--at", "-3x", "--once"], "limittop: --at '-3x': a relative time is -N followed by s, m, h or d (e.g. -2h)"),
                (["--replay", _dir, "--at", "-2h", "--once"], "limittop: --at -2h: 2026-12-07 01:00:29 UTC is before the journal, which holds 2026-12-07 03:00:00 UTC to 2026-12-07 03:00:29 UTC"),
                (["--replay", empty, "--once"], $"limittop: --replay {empty}: no recorded tick there (record with --record DIR)"),
                (["--replay", _dir + "/nope", "--once"], $"limittop: --replay: {_dir}/nope: no such journal directory or file"),
                (["--at", "03:14", "--once"], "limittop: --at needs --replay DIR"),
                (["--replay", _dir, "--headless"], "limittop: --headless cannot be used with --replay (a replay records and samples nothing)"),
                (["--record", _dir, "--record-keep", "soon"], "limittop: --record-keep: 'soon' is not an age (e.g. 7d, 36h, 90m)"),
                (["--record", _dir, "--record-max-bytes", "1Q"], "limittop: --record-max-bytes: '1Q' is not a size (e.g. 1G, 256M, 500K, or bytes)"),
            })
            {
                var r = Run(args);
                Assert.True(r.ExitCode == 2, string.Join(' ', args) + ": exit " + r.ExitCode + " " + r.Stderr);
                Assert.Equal(line, r.Stderr.TrimEnd('\n'));
                Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
