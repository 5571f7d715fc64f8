using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using LimitTop.Tests.Survival;

namespace LimitTop.Tests.Live;

/// <summary>
/// limittop itself (the built binary) against a real Podman container started with <c>--pids-limit 32</c> and filled by
/// a fork loop (TestSupport/LivePodman; docs/kernel-limits.md §19): <c>--once --json</c>, <c>--why PID</c> and a
/// <c>--headless --metrics --record</c> scrape name it, with the origin of its limit, and attribute the loop's refused
/// forks to it. The cgroup v1 pids hierarchy of this VM: the v2 layouts are covered on fixtures (Core's NamedOutputTests).
/// </summary>
[Collection("tmux")]
public sealed class ContainerNamingLiveTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Loop = "i=0; while [ $i -lt 40 ]; do sleep 600 & i=$((i+1)); done; wait";

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "limittop.dll");

    private static Sh.Result Limittop(params string[] args) => Sh.Run("dotnet", [Dll, .. args], TimeSpan.FromMinutes(2));

    private static string PidsFile(string path, string file) => $"/sys/fs/cgroup/pids{path}/{file}";

    [SkippableFact]
    public void Once_json_and_why_name_the_container_and_the_origin_of_its_limit()
    {
        const string name = "lt_w27_once";
        LivePodman.Require();
        try
        {
            string id = LivePodman.Start(name, 32, "sleep", "600");
            string path = "/libpod_parent/libpod-" + id;
            LivePodman.ExecDetached(name, Loop);
            Eventually.Until(() => File.ReadAllText(PidsFile(path, "pids.events")).Trim() != "max 0", "the loop is refused by pids.max", TimeSpan.FromSeconds(60));
            // The kernel's cgroup.procs is the oracle, read before and after the sample: a moment when they agree (the
            // runtime's exec helper or a retried fork can pass through the cgroup between two reads).
            int Procs() => File.ReadAllLines(PidsFile(path, "cgroup.procs")).Length;
            int procs = -1;
            Sh.Result once = default;
            Eventually.Until(() =>
            {
                int before = Procs();
                once = Limittop("--once", "--json");
                Sh.Check(once, "limittop --once --json");
                procs = before;
                return Procs() == before;
            }, "the container's process count stable across one sample", TimeSpan.FromSeconds(60));
            var doc = JsonDocument.Parse(once.Stdout).RootElement;
            var cgroup = doc.GetProperty("cgroups").EnumerateArray().Single(c => c.GetProperty("path").GetString() == path);
            Assert.Equal($"{name} (podman)", cgroup.GetProperty("name").GetString());
            var c = cgroup.GetProperty("container");
            Assert.Equal(("podman", id, name), (c.GetProperty("runtime").GetString(), c.GetProperty("id").GetString(), c.GetProperty("name").GetString()));
            Assert.Equal(JsonValueKind.Null, c.GetProperty("pod").ValueKind);
            var inside = doc.GetProperty("processes").EnumerateArray().Where(p => p.GetProperty("cgroup").GetString() == path).ToList();
            Assert.Equal(procs, inside.Count); // the kernel's cgroup.procs is the oracle (a stable count: the loop waits)
            Assert.All(inside, p => Assert.Equal(name, p.GetProperty("container").GetProperty("name").GetString()));
            Assert.Contains(doc.GetProperty("diagnosis").EnumerateArray(), f => f.GetProperty("scope").GetString() == "cgroup:" + path
                && f.GetProperty("message").GetString()!.StartsWith($"container {name} (podman): {procs} of 32 tasks", StringComparison.Ordinal));
            Assert.Contains(doc.GetProperty("processes").EnumerateArray(), p => p.GetProperty("container").ValueKind == JsonValueKind.Null); // the host's

            var text = Limittop("--once");
            Sh.Check(text, "limittop --once");
            Assert.Contains($"{name} (podman) · {path}", text.Stdout, StringComparison.Ordinal);

            int pid = LivePodman.Pid(name);
            var why = Limittop("--why", pid.ToString(CultureInfo.InvariantCulture));
            Sh.Check(why, "limittop --why");
            output.WriteLine(why.Stdout);
            Assert.Contains($"the pids cgroup of container {name} (podman) binds at", why.Stdout, StringComparison.Ordinal);
            Assert.Contains("podman --pids-limit 32", why.Stdout, StringComparison.Ordinal);
            Assert.Contains($"runs in container {name} (podman), id {id}", why.Stdout, StringComparison.Ordinal);
            var whyJson = JsonDocument.Parse(Limittop("--why", pid.ToString(CultureInfo.InvariantCulture), "--json").Stdout).RootElement;
            Assert.Equal(name, whyJson.GetProperty("container").GetProperty("name").GetString());
            Assert.Contains(whyJson.GetProperty("origins").EnumerateArray(), o => o.GetProperty("limit").GetString() == "pids.max"
                && o.GetProperty("source").GetString()!.StartsWith("podman --pids-limit 32", StringComparison.Ordinal));
        }
        finally
        {
            LivePodman.Remove(name);
        }
    }

    [SkippableFact]
    public void Headless_metrics_label_the_container_and_the_recorder_attributes_a_fork_loop_to_it()
    {
        const string name = "lt_w27_metrics";
        LivePodman.Require();
        string record = Directory.CreateTempSubdirectory("lt_w27_record_").FullName;
        Process? headless = null;
        try
        {
            string id = LivePodman.Start(name, 32, "sleep", "600");
            string path = "/libpod_parent/libpod-" + id;
            int port = FreePort();
            var psi = new ProcessStartInfo("dotnet", [Dll, "--headless", "--interval", "0.5", "--metrics", "127.0.0.1:" + port, "--record", record])
            {
                RedirectStandardError = true, RedirectStandardOutput = true,
            };
            headless = Process.Start(psi)!;
            headless.BeginErrorReadLine();
            headless.BeginOutputReadLine();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            string labels = $"cgroup=\"{path}\",container=\"{name}\"";
            string body = Eventually.Value(() => Scrape(http, port) is { } b && b.Contains("limittop_cgroup_pids_current{" + labels + "}", StringComparison.Ordinal) ? b : null,
                "a scrape naming the container", TimeSpan.FromSeconds(60));
            Assert.Contains("limittop_cgroup_pids_max{" + labels + "} 32\n", body, StringComparison.Ordinal);
            PromtoolAccepts(body);

            // The fork loop starts after limittop: its refused forks are events, attributed to the container by name.
            LivePodman.ExecDetached(name, Loop);
            body = Eventually.Value(() => Scrape(http, port) is { } b && b.Contains("limittop_cgroup_pids_rejected_total{" + labels + "} ", StringComparison.Ordinal)
                && !b.Contains("limittop_cgroup_pids_rejected_total{" + labels + "} 0\n", StringComparison.Ordinal) ? b : null,
                "the refused forks counted under the container's labels", TimeSpan.FromSeconds(60));
            string dump = Eventually.Value(() => Directory.GetFiles(record, "*.txt").Select(File.ReadAllText)
                    .FirstOrDefault(t => t.Contains($"container {name} (podman): ", StringComparison.Ordinal) && t.Contains("refused by pids.max", StringComparison.Ordinal)),
                "a flight-recorder dump whose event names the container", TimeSpan.FromSeconds(60));
            Assert.Matches($@"container {name} \(podman\): [\d,]+ forks? refused by pids\.max; sleep pid \d+ holds the most tasks", dump);
            PromtoolAccepts(body);
        }
        finally
        {
            if (headless is { HasExited: false })
            {
                headless.Kill(); // our own child, by its handle
                headless.WaitForExit(30_000);
            }

            headless?.Dispose();
            LivePodman.Remove(name);
            Directory.Delete(record, recursive: true);
        }
    }

    private static void PromtoolAccepts(string body)
    {
        Need.Tool("promtool");
        var psi = new ProcessStartInfo("promtool", ["check", "metrics"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(body);
        p.StandardInput.Close();
        string said = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(30_000));
        Assert.True(p.ExitCode == 0, "promtool check metrics: " + said);
    }

    private static string? Scrape(HttpClient http, int port)
    {
        try
        {
            return http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null; // not listening yet
        }
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
