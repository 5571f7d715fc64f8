using System.Globalization;
using LimitTop.Tests.Survival;
using Xunit.Abstractions;
using LimitTop.TestSupport;

namespace LimitTop.Tests.Fleet;

/// <summary>
/// <c>--metrics</c> and <c>--textfile</c> beside the Terminal.Gui dashboard: the AOT build runs in tmux under
/// strace while a client scrapes /metrics five times a second and keys are pressed. Every scrape answers 200 with
/// the kernel's threads-max (how fast is the benchmarks' business: the worst time is reported, not asserted); scrapes between two samples get the same bytes (rendered once per sample);
/// the dashboard keeps refreshing; the textfile is written; and no clone/fork/execve happens after the first frame
/// (the server lives in QuietLoop's poll on the main loop thread). The same with <c>--single-thread</c>, where the
/// raw terminal's one poll(2) on the main thread hosts the server.
/// </summary>
[Collection("survival")]
public sealed class DashboardMetricsTests(AotBuild build, ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_dashboard_serves_metrics_from_its_own_loop_with_no_new_task(bool singleThread)
    {
        int port = HeadlessProcess.FreePort();
        string dir = Directory.CreateTempSubdirectory("limittop-fleet-dash-").FullName;
        string trace = Path.Combine(dir, "strace.txt"), textfile = Path.Combine(dir, "limittop.prom");
        Need.Tool("strace");
        using var tmux = Tmux.Start(120, 40);
        tmux.Type($"TERM=xterm-256color strace -f -tt -s 24 -o {trace} -e trace=clone,clone3,fork,vfork,execve,write {build.Limittop} "
            + $"--metrics 127.0.0.1:{port} --textfile {textfile} --dump-dir {Path.Combine(dir, "dumps")}" + (singleThread ? " --single-thread" : ""));
        tmux.Keys("Enter");
        tmux.WaitFor("PROCESSES", 20);
        if (singleThread)
        {
            Assert.Contains("single-thread", tmux.Capture(), StringComparison.Ordinal);
        }

        string threadsMax = File.ReadAllText("/proc/sys/kernel/threads-max").Trim();
        var bodies = new List<string>();
        var clocks = new HashSet<string>();
        double worst = 0;
        var keys = new[] { "Down", "Down", "Up", "Home", "End", "Home" };
        // 60 scrapes at least, and on until the screen and the body have each moved 8 times (a busy machine's ticks
        // come late, never a failure); the hang bound ends it.
        var hang = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 60 || ((clocks.Count < 8 || bodies.Distinct(StringComparer.Ordinal).Count() < 8) && hang.Elapsed < TimeSpan.FromMinutes(2)); i++)
        {
            var (r, seconds) = RawHttp.Scrape(port);
            worst = Math.Max(worst, seconds);
            Assert.True(r is { Status: 200 }, $"scrape {i} answered 200 (got {r?.Status})");
            Assert.Contains($"limittop_system_threads_max {threadsMax}\n", r!.Value.Body, StringComparison.Ordinal);
            bodies.Add(r.Value.Body);
            tmux.Keys(keys[i % keys.Length]);
            clocks.Add(Screen.Clock(tmux.Capture()));
            Thread.Sleep(200);
        }

        int distinct = bodies.Distinct(StringComparer.Ordinal).Count();
        int repeats = bodies.Zip(bodies.Skip(1)).Count(p => p.First == p.Second);
        string text = File.ReadAllText(textfile);
        tmux.Keys("q");
        tmux.WaitForShell(20);

        var lines = File.ReadAllLines(trace);
        // the first frame: Terminal.Gui sets the window title first; the raw painter's first write to the terminal
        int first = Array.FindIndex(lines, l => singleThread ? l.Contains(" write(1, ", StringComparison.Ordinal)
            : l.Contains("write(1, \"\\33]0;limittop", StringComparison.Ordinal));
        var after = lines.Skip(first + 1).Where(l => l.Contains(" clone(", StringComparison.Ordinal) || l.Contains(" clone3(", StringComparison.Ordinal)
            || l.Contains(" fork(", StringComparison.Ordinal) || l.Contains(" vfork(", StringComparison.Ordinal) || l.Contains(" execve(", StringComparison.Ordinal)).ToList();
        output.WriteLine((singleThread ? "single-thread: " : "") + $"{bodies.Count} scrapes, worst {worst * 1000:0} ms; {distinct} distinct bodies, {repeats} repeats of the previous; {clocks.Count} clock values on screen; {after.Count} task syscalls after the first frame");
        Assert.True(first > 0, "the first frame (window title write) is in the trace");
        Assert.True(distinct >= 8, $"the body follows the samples ({distinct} distinct in {bodies.Count} scrapes)");
        Assert.True(repeats >= 30, $"scrapes between two samples get the same body ({repeats} of {bodies.Count - 1})");
        Assert.True(clocks.Count >= 8, $"the dashboard kept refreshing while scraped ({clocks.Count} clock values)");
        Assert.Contains($"limittop_system_threads_max {threadsMax}\n", text, StringComparison.Ordinal);
        Assert.Empty(after);
        Directory.Delete(dir, recursive: true);
    }

    [SkippableFact]
    public void A_busy_port_is_refused_before_the_terminal_is_taken()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        int port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        var r = Sh.Run(build.Limittop, ["--metrics", "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(port.ToString(CultureInfo.InvariantCulture), r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }
}
