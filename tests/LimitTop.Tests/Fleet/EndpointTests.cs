using System.Diagnostics;
using LimitTop.Tests.Survival;

using Xunit.Abstractions;
using LimitTop.TestSupport;

namespace LimitTop.Tests.Fleet;

/// <summary>The published binary's /metrics endpoint: promtool's verdict on the live output, HTTP semantics, clean stop.</summary>
[Collection("survival")]
public sealed class EndpointTests(AotBuild build, ITestOutputHelper output)
{
    [SkippableFact]
    public void Promtool_accepts_the_live_endpoint_and_sigterm_exits_zero()
    {
        using var h = HeadlessProcess.Start(build, []);
        var (r, seconds) = RawHttp.Scrape(h.Port);
        Assert.NotNull(r);
        Assert.Equal(200, r.Value.Status);
        Assert.Contains("Content-Type: text/plain; version=0.0.4", r.Value.Head, StringComparison.Ordinal);
        Need.Tool("promtool");
        var psi = new ProcessStartInfo("promtool", ["check", "metrics"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using (var p = Process.Start(psi)!)
        {
            p.StandardInput.Write(r.Value.Body);
            p.StandardInput.Close();
            string said = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(30_000));
            Assert.True(p.ExitCode == 0, "promtool check metrics: " + said);
        }

        Assert.Contains("limittop_system_threads ", r.Value.Body, StringComparison.Ordinal);
        output.WriteLine($"first scrape {seconds * 1000:0.0} ms, {r.Value.Body.Length} bytes");
        Assert.Equal(0, h.Stop());
        Assert.Contains("SIGTERM", h.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Sigint_exits_zero()
    {
        using var h = HeadlessProcess.Start(build, [], metrics: false);
        _ = Sh.Run("kill", ["-INT", Sh.Inv(h.Pid)]);
        Assert.Equal(0, h.Stop());
    }

    [SkippableFact]
    public void Http_semantics_404_405_head_keepalive_openmetrics_and_431()
    {
        using var h = HeadlessProcess.Start(build, []);
        using (var s = RawHttp.Connect(h.Port))
        {
            // Keep-alive: several requests, one connection.
            var a = RawHttp.Exchange(s, RawHttp.Request());
            var b = RawHttp.Exchange(s, RawHttp.Request(path: "/"));
            var c = RawHttp.Exchange(s, RawHttp.Request(method: "POST"));
            var d = RawHttp.Exchange(s, RawHttp.Request(method: "HEAD"), head: true);
            var e = RawHttp.Exchange(s, RawHttp.Request(extra: "Accept: application/openmetrics-text;version=1.0.0,text/plain;q=0.5\r\n"));
            Assert.Equal(200, a!.Value.Status);
            Assert.Equal(404, b!.Value.Status);
            Assert.Equal(405, c!.Value.Status);
            Assert.Contains("Allow: GET, HEAD", c.Value.Head, StringComparison.Ordinal);
            Assert.Equal(200, d!.Value.Status);
            Assert.Equal("", d.Value.Body);
            Assert.Contains("application/openmetrics-text; version=1.0.0", e!.Value.Head, StringComparison.Ordinal);
            Assert.EndsWith("# EOF\n", e.Value.Body, StringComparison.Ordinal);
            var last = RawHttp.Exchange(s, RawHttp.Request(extra: "Connection: close\r\n"));
            Assert.Equal(200, last!.Value.Status);
            Assert.Contains("Connection: close", last.Value.Head, StringComparison.Ordinal);
            Assert.Null(RawHttp.Read(s)); // and then it closes
        }

        using (var s = RawHttp.Connect(h.Port))
        {
            var big = RawHttp.Exchange(s, RawHttp.Request(extra: "X-Big: " + new string('a', 20_000) + "\r\n"));
            Assert.True(big is null || big.Value.Status == 431, "a 20 kB head is refused (431) and closed");
        }

        using (var s = RawHttp.Connect(h.Port))
        {
            Assert.Equal(400, RawHttp.Exchange(s, "GARBAGE\r\n\r\n")!.Value.Status);
        }

        using (var s = RawHttp.Connect(h.Port))
        {
            Assert.Equal(400, RawHttp.Exchange(s, "GET /metrics HTTP/1.1\r\n\r\n")!.Value.Status); // HTTP/1.1 without Host
        }

        Assert.Equal(0, h.Stop());
    }

    [SkippableFact]
    public void A_public_address_is_refused_without_metrics_public()
    {
        var r = Sh.Run(build.Limittop, ["--headless", "--metrics", "0.0.0.0:" + Sh.Inv(HeadlessProcess.FreePort())]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--metrics-public", r.Stderr, StringComparison.Ordinal);
        var dashboard = Sh.Run(build.Limittop, ["--metrics", "0.0.0.0:" + Sh.Inv(HeadlessProcess.FreePort())]);
        Assert.Equal(2, dashboard.ExitCode); // beside the dashboard too, before the terminal is taken
        Assert.Contains("--metrics-public", dashboard.Stderr, StringComparison.Ordinal);
        var misuse = Sh.Run(build.Limittop, ["--record-keep", "7d"]); // (--record itself runs beside the dashboard now)
        Assert.Equal(2, misuse.ExitCode);
        Assert.Contains("--record-keep needs --record DIR", misuse.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Public_address_with_metrics_public_logs_a_warning()
    {
        int port = HeadlessProcess.FreePort();
        var psi = new ProcessStartInfo(build.Limittop, ["--headless", "--metrics", "0.0.0.0:" + Sh.Inv(port), "--metrics-public"]) { RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string first = p.StandardError.ReadLine() ?? "";
        _ = Sh.Run("kill", ["-TERM", Sh.Inv(p.Id)]);
        Assert.True(p.WaitForExit(30_000));
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("warning: --metrics-public", first, StringComparison.Ordinal);
    }
}
