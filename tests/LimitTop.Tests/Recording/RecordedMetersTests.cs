using System.Globalization;
using LimitTop.Core.Recording;
using LimitTop.Dashboard;

namespace LimitTop.Tests.Recording;

/// <summary>
/// The header's CPU and memory meters are recorded (format 3) and replayed (issue 28): <c>limittop --record DIR</c>
/// beside the dashboard records this machine; every tick but the first carries the system's CPU% (0–100) and the
/// kernel's MemTotal (the test reads /proc/meminfo itself), and <c>--replay DIR --at T</c> draws the same cpu/mem
/// line for the tick shown as the dashboard draws from the recorded figures.
/// </summary>
public sealed class RecordedMetersTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lt_w29r_meters_").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static long MemTotalBytes()
        => long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    /// <summary>The screen's cpu/mem meter line ("" when the panel is not on screen).</summary>
    private static string MeterLine(string screen)
        => screen.Split('\n').FirstOrDefault(l => l.StartsWith(" cpu ", StringComparison.Ordinal))?.TrimEnd() ?? "";

    [SkippableFact]
    public void Replayed_meters_are_the_recorded_ones()
    {
        Need.Platform(File.Exists("/proc/meminfo") && File.Exists("/proc/stat"), "the meters read /proc/stat and /proc/meminfo");
        const int width = 160;
        string journal = Path.Combine(_dir, "journal");
        using var tmux = Tmux.Start(width, 45);
        tmux.Type(Tmux.LimittopCommand + " --interval 1 --record " + journal);
        tmux.Keys("Enter");
        // CPU% shows from the second sample; wait for three clock changes with the figure on screen
        string clock = "";
        for (int changes = 0; changes < 3;)
        {
            string seen = clock;
            string screen = tmux.WaitFor(s => MeterLine(s).Contains('%', StringComparison.Ordinal) && Tmux.Clock(s) != seen, TimeSpan.FromSeconds(30), "a new frame with the cpu meter's figure");
            clock = Tmux.Clock(screen);
            changes++;
        }

        tmux.Keys("q");
        tmux.WaitForShell(30); // q flushes the open block

        using var reader = JournalReader.Open(journal);
        Assert.Equal(JournalLayout.Version, Assert.Single(reader.Segments).Info.Format);
        var ticks = new List<RecordedTick>();
        for (var p = reader.First(); p is { } at; p = reader.Next(at))
        {
            ticks.Add(reader.Tick(at));
        }

        Assert.True(ticks.Count >= 3, $"{ticks.Count} ticks recorded");
        long memTotal = MemTotalBytes();
        foreach (var t in ticks.Skip(1))
        {
            Assert.InRange(t.System.CpuPercent!.Value, 0, 100);
            Assert.Equal(Math.Round(t.System.CpuPercent.Value, 1), t.System.CpuPercent.Value);
            Assert.Equal(memTotal, t.System.MemTotalBytes);
            Assert.InRange(t.System.MemAvailableBytes!.Value, 1, memTotal);
        }

        // The replay of a recorded second: the tick --at picks is the last at or before it (the reader's own Seek).
        var chosen = ticks[^1].Time;
        var second = new DateTimeOffset(chosen.Ticks - (chosen.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1);
        var shown = reader.Tick(reader.Seek(second)!.Value);
        string expected = CpuMemoryPanel.Draw(shown.ToSnapshot().System, width).Text.TrimEnd();
        Assert.Contains(LimitTop.Core.Text.Figures.Cpu(shown.System.CpuPercent) + "%", expected, StringComparison.Ordinal);

        tmux.Type(Tmux.LimittopCommand + " --replay " + journal + " --at '" + second.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'");
        tmux.Keys("Enter");
        string replayed = tmux.WaitFor(s => s.Contains("REPLAY " + ReplayStamp(shown.Time), StringComparison.Ordinal) && MeterLine(s).Length > 0,
            TimeSpan.FromSeconds(30), "the replay of the chosen tick with its meters");
        Assert.Equal(expected, MeterLine(replayed));
        tmux.Keys("q");
        tmux.WaitForShell(10);
    }

    private static string ReplayStamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
