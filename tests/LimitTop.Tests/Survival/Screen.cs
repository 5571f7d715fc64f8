using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LimitTop.Tests.Survival;

/// <summary>Reads the dashboard back from a tmux capture.</summary>
internal static partial class Screen
{
    /// <summary>The title bar's clock (hh:mm:ss): <see cref="Tmux.Clock"/>.</summary>
    public static string Clock(string screen) => Tmux.Clock(screen);

    /// <summary>PID on the first row of the process table; null when the table is not on screen.</summary>
    public static int? TopPid(string screen)
    {
        var lines = screen.Split('\n');
        int header = Array.FindIndex(lines, l => l.Contains("PID USER", StringComparison.Ordinal));
        if (header < 0 || header + 1 >= lines.Length)
        {
            return null;
        }

        var tok = lines[header + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return tok.Length > 0 && int.TryParse(tok[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
    }

    /// <summary>
    /// True when <paramref name="pid"/> is the first row, or, on a shared machine where other tests run bigger
    /// thread hogs, every row above it shows at least as many threads (the sort put it right below them).
    /// </summary>
    public static bool IsTopByThreads(string screen, int pid)
    {
        var lines = screen.Split('\n');
        int header = Array.FindIndex(lines, l => l.Contains("PID USER", StringComparison.Ordinal));
        if (header < 0 || Row(screen, pid) is not { Length: > 3 } mine || !int.TryParse(mine[2], NumberStyles.None, CultureInfo.InvariantCulture, out int threads))
        {
            return false;
        }

        for (int i = header + 1; i < lines.Length; i++)
        {
            var tok = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tok.Length < 3 || !int.TryParse(tok[0], NumberStyles.None, CultureInfo.InvariantCulture, out int row)
                || !int.TryParse(tok[2], NumberStyles.None, CultureInfo.InvariantCulture, out int thr))
            {
                return false;
            }

            if (row == pid)
            {
                return true;
            }

            if (thr < threads)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The row of <paramref name="pid"/> in the process table, split on blanks.</summary>
    public static string[] Row(string screen, int pid)
        => screen.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(t => t.Length > 3 && t[0] == Sh.Inv(pid)) ?? [];

    /// <summary>The user's nproc bar in the USERS panel: (tasks, limit, percent text), or null.</summary>
    public static (long Tasks, long Limit, string Percent)? NprocBar(string screen, string user)
    {
        var m = Regex.Match(screen, "(?m)^ ?" + Regex.Escape(user) + @" +(?:\S{8} +)?nproc +\[[^\]]*\] +([\d,]+)/([\d,]+) +([\d.]+%)");
        if (!m.Success)
        {
            return null;
        }

        return (long.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture),
            long.Parse(m.Groups[2].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture), m.Groups[3].Value);
    }

    /// <summary>
    /// The diagnosis line (below the gauges) names the tightest limit on the box: <paramref name="expected"/>, unless another
    /// limit is at least as full (a shared machine's own trouble), which then legitimately ranks first.
    /// </summary>
    /// <param name="refusedBy">As root the refusal witness leads the line with the refused task creations when the
    /// kernel refused some in the last minute (issue 26): then the sentence must name this limit (a regex).</param>
    public static void AssertTopFinding(string screen, string expected, string? refusedBy = null)
    {
        // the row below the title, the CPU/memory meters (from 30 rows) and the gauges: found by its [ok]/[!]/[!!] mark
        var rows = screen.Split('\n');
        string diag = rows.Skip(1).Take(4).FirstOrDefault(r => Regex.IsMatch(r, @"^ \[(ok|!|!!)\] ")) ?? rows[Math.Min(2, rows.Length - 1)];
        if (Regex.IsMatch(diag, expected))
        {
            return;
        }

        if (refusedBy is not null && Regex.IsMatch(diag, @"^ \[!!\] [\d,]+ task creations? refused in the last minute — .*" + refusedBy))
        {
            return;
        }

        var pct = Regex.Match(diag, @"\((\d+(?:\.\d)?)%\)");
        Assert.True(pct.Success && double.Parse(pct.Groups[1].Value, CultureInfo.InvariantCulture) >= 100,
            $"diagnosis line should be /{expected}/ (or another limit at >= 100 %): {diag}");
    }

    /// <summary>The last line (status bar).</summary>
    public static string StatusBar(string screen) => screen.TrimEnd('\n').Split('\n')[^1];
}

/// <summary>What a watch over an exhausted session saw (reported as the scenario's numbers).</summary>
internal sealed record WatchResult(int Captures, int DistinctClocks, int KeyRoundTrips, TimeSpan WorstKeyLatency, int HogOnTop, int BarFull);

internal static class Watch
{
    /// <summary>
    /// Until the clock has shown <paramref name="clockValues"/> distinct values (refreshes, however late a busy
    /// machine draws them; a hang bound of 4 s a value ends a dashboard that stopped): each round inverts the sort
    /// twice with 'I' and waits for the header to show it (keys answer); counts captures with
    /// <paramref name="hogPid"/> on top and <paramref name="user"/>'s nproc bar at 100 %.
    /// </summary>
    public static WatchResult Exhausted(Tmux tmux, int limittopPid, int clockValues, int? hogPid, string? user)
    {
        var clocks = new HashSet<string>();
        int captures = 0, trips = 0, onTop = 0, full = 0;
        var worst = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        var hang = TimeSpan.FromSeconds(Math.Max(60, 4 * clockValues));
        while (clocks.Count < clockValues && total.Elapsed < hang)
        {
            Assert.True(Sh.Alive(limittopPid), $"limittop (pid {limittopPid}) died after {total.Elapsed.TotalSeconds:F1} s");
            string s = tmux.Capture();
            captures++;
            clocks.Add(Screen.Clock(s));
            Assert.DoesNotContain("error:", Screen.StatusBar(s), StringComparison.Ordinal);
            if (s.Contains("THR▼", StringComparison.Ordinal) && hogPid is { } h && Screen.IsTopByThreads(s, h))
            {
                onTop++;
            }

            if (user is not null && Screen.NprocBar(s, user) is { Percent: "100%" })
            {
                full++;
            }

            foreach (var want in new[] { "THR▲", "THR▼" })
            {
                var k = Stopwatch.StartNew();
                tmux.Keys("I");
                tmux.WaitFor(want, 5);
                trips++;
                if (k.Elapsed > worst)
                {
                    worst = k.Elapsed;
                }
            }

            // The selection follows its PID through both re-sorts and may leave the view scrolled: back to row 1.
            tmux.Keys("Home");

            Thread.Sleep(700); // paces the rounds
        }

        return new WatchResult(captures, clocks.Count, trips, worst, onTop, full);
    }
}
