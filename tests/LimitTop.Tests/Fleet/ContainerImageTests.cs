using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LimitTop.Tests.Survival;
using Xunit.Abstractions;

namespace LimitTop.Tests.Fleet;

/// <summary>
/// packaging/container/build-image.sh builds the image with Podman from the published binary (LIMITTOP_PUBLISH_DIR,
/// which .ci/run sets, else the survival fixture's publish). It runs with the host's PID namespace and network, the
/// host's /proc, /sys and /etc read-only under /host, as the DaemonSet runs it (uid 0, every capability dropped but
/// SYS_PTRACE and DAC_READ_SEARCH, read-only root) and as the image's default user (nobody); each time /metrics
/// has the tasks of a uid made by the test equal to the kernel's count (Threads: summed over /proc/*/status with that
/// real uid), and that uid's process with its host PID, threads and fd count. `podman stop` ends it with exit 0 and
/// it is removed.
/// </summary>
[Collection("survival")]
public sealed partial class ContainerImageTests(AotBuild build, ITestOutputHelper output)
{
    private const int Uid = 62170;
    private const int Tasks = 25;

    private string _cgroupLine = "";

    [GeneratedRegex(@"^limittop_user_tasks\{uid=""62170"",user=""[^""]*""\} (\d+)$", RegexOptions.Multiline)]
    private static partial Regex UserTasks();

    [Fact]
    public void The_image_counts_a_host_user_s_tasks_as_the_kernel_does_and_stops_cleanly()
    {
        Podman.Require();
        string publish = Environment.GetEnvironmentVariable("LIMITTOP_PUBLISH_DIR") is { Length: > 0 } given ? given : Path.GetDirectoryName(build.Limittop)!;
        string tag = "localhost/lt_fleet_limittop:test-" + Environment.ProcessId;
        var built = Sh.Run("env", ["LIMITTOP_PUBLISH_DIR=" + publish, Path.Combine(AotBuild.RepoRoot(), "packaging", "container", "build-image.sh"), tag], TimeSpan.FromMinutes(10));
        Assert.True(built.ExitCode == 0, built.Stdout + built.Stderr);
        using var cg = PidsCgroup.Create("lt_fleet_image_cg", 50); // removed at the end, after the finally killed its process
        Hog? user = null, resident = null;
        try
        {
            var inspect = Podman.Run("image", "inspect", tag);
            Sh.Check(inspect, "podman image inspect");
            var config = JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("Config");
            var labels = config.GetProperty("Labels");
            Assert.Equal("limittop", labels.GetProperty("org.opencontainers.image.title").GetString());
            Assert.Equal("MIT", labels.GetProperty("org.opencontainers.image.licenses").GetString());
            Assert.Matches(@"^\d+\.\d+\.\d+$", labels.GetProperty("org.opencontainers.image.version").GetString());
            Assert.StartsWith("https://", labels.GetProperty("org.opencontainers.image.source").GetString(), StringComparison.Ordinal);
            Assert.Equal("65534:65534", config.GetProperty("User").GetString());
            long size = JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("Size").GetInt64();
            output.WriteLine($"image {tag}: {size / 1e6:0.0} MB; {built.Stdout.Trim()}");

            Assert.Equal(0, Sh.TasksOfUid(Uid)); // nobody else uses this uid
            user = Hog.AsUser(Uid, Tasks, build.Hog, "fill", "ltfleetimage");
            user.WaitForLine(l => l.StartsWith("full", StringComparison.Ordinal), 30, "the uid's hog to reach its RLIMIT_NPROC");
            Assert.Equal(Tasks, Sh.TasksOfUid(Uid));

            // As packaging/kubernetes/daemonset.yaml runs it, and as the image's default user (nobody): the same tasks,
            // and the same fd count of another uid's process — kernels >= 6.2 give it as the size of /proc/PID/fd,
            // which stat() reads without the ptrace right that listing the directory needs (README, "Install").
            // A pids cgroup of the host holding one process: named by its host path in every run, a private cgroup
            // namespace included (Cgroups/CgroupNamespaceRoot: /proc/PID/cgroup reads "/../.." there).
            resident = cg.Start("sleep", "600");
            _cgroupLine = $"limittop_cgroup_pids_current{{cgroup=\"{cg.Relative}\"}} 1\n";
            int kernelFds = Directory.GetFileSystemEntries($"/proc/{user.Pid}/fd").Length;
            string fds = $"limittop_process_open_fds{{pid=\"{user.Pid}\",comm=\"ltfleetimage\",user=\"{Uid}\"}} {kernelFds}\n";
            foreach (var (how, security) in new[]
            {
                ("daemonset", new[] { "--user", "0:0", "--cap-drop", "ALL", "--cap-add", "SYS_PTRACE,DAC_READ_SEARCH", "--read-only", "--security-opt", "no-new-privileges" }),
                ("default", Array.Empty<string>()),
                ("cgroupns-private", new[] { "--cgroupns=private", "--user", "0:0", "--cap-drop", "ALL", "--cap-add", "SYS_PTRACE,DAC_READ_SEARCH", "--read-only" }),
            })
            {
                string body = RunAndScrape(tag, how, security);
                Assert.Contains(fds, body, StringComparison.Ordinal);
                Assert.Contains($"limittop_process_threads{{pid=\"{user.Pid}\",comm=\"ltfleetimage\",user=\"{Uid}\"}} {Tasks}\n", body, StringComparison.Ordinal);
            }
        }
        finally
        {
            if (user is not null)
            {
                _ = Sh.Run("kill", ["-KILL", Sh.Inv(user.Pid)]);
                user.Dispose();
            }

            if (resident is not null)
            {
                _ = Sh.Run("kill", ["-KILL", Sh.Inv(resident.Pid)]);
                resident.Dispose();
            }

            _ = Podman.Run("rmi", "--force", tag);
        }
    }

    /// <summary>Runs the image, waits for the uid's tasks to equal the kernel's, stops it (exit 0) and removes it; the last body.</summary>
    private string RunAndScrape(string tag, string how, string[] security)
    {
        string name = $"lt_fleet_image_{how}_{Environment.ProcessId}";
        int port = HeadlessProcess.FreePort();
        try
        {
            var run = Podman.Run([.. Podman.RunBase, "-d", "--name", name, "--pid=host", "--network", "host",
                "-v", "/proc:/host/proc:ro", "-v", "/sys:/host/sys:ro", "-v", "/etc:/host/etc:ro", .. security, tag,
                "--headless", "--metrics", "127.0.0.1:" + Sh.Inv(port), "--metrics-top", "10000", "--proc", "/host/proc", "--sys", "/host/sys", "--etc", "/host/etc"]);
            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);

            string body = "";
            int? seen = null, kernel = null;
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed.TotalSeconds < 60 && (seen is null || seen != kernel))
            {
                Thread.Sleep(seen is null ? 250 : 500);
                body = TryScrape(port) ?? "";
                seen = UserTasks().Match(body) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
                kernel = Sh.TasksOfUid(Uid);
            }

            output.WriteLine($"{how}: limittop_user_tasks uid {Uid} = {seen}, kernel {kernel}, at {sw.Elapsed.TotalSeconds:0.0} s");
            Assert.True(seen == kernel && kernel == Tasks, $"{how}: limittop in the container counts {seen} tasks of uid {Uid}, the kernel {kernel}; logs: {Logs(name)}");
            Assert.Contains("limittop_system_threads_max " + File.ReadAllText("/proc/sys/kernel/threads-max").Trim() + "\n", body, StringComparison.Ordinal);
            Assert.Contains(_cgroupLine, body, StringComparison.Ordinal);
            // its own container's cgroup, by path (the container, pod and namespace labels follow: docs/container-names.md)
            Assert.Contains($"limittop_cgroup_pids_current{{cgroup=\"/libpod_parent/libpod-{Podman.Id(name)}\"", body, StringComparison.Ordinal);

            // /host/proc is this process's own PID namespace's procfs, so limittop reads sockets through netlink
            // sock_diag as on the host (ProcRoot.IsLive, docs/kernel-limits.md §13): it holds a NETLINK_SOCK_DIAG socket.
            int pid = int.Parse(Podman.Run("inspect", "--format", "{{.State.Pid}}", name).Stdout.Trim(), CultureInfo.InvariantCulture);
            var sockets = Directory.GetFileSystemEntries($"/proc/{pid}/fd").Select(f => new FileInfo(f).LinkTarget ?? "")
                .Where(t => t.StartsWith("socket:[", StringComparison.Ordinal)).Select(t => t[8..^1]).ToHashSet();
            Assert.Contains(File.ReadLines("/proc/net/netlink").Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)),
                f => f[1] == "4" && sockets.Contains(f[^1]));

            // podman stop sends SIGTERM: limittop's loop reads it and exits 0 within the grace period.
            var stop = Podman.Run("stop", "--time", "20", name);
            Sh.Check(stop, "podman stop " + name);
            var state = Podman.Run("inspect", "--format", "{{.State.ExitCode}} {{.State.Status}}", name);
            string logs = Logs(name);
            Assert.True(state.Stdout.Trim() == "0 exited", $"{how}: after podman stop: {state.Stdout.Trim()}; logs: {logs}");
            Assert.Contains("SIGTERM", logs, StringComparison.Ordinal);
            Sh.Check(Podman.Run("rm", name), "podman rm " + name);
            Assert.Equal(1, Podman.Run("container", "exists", name).ExitCode);
            return body;
        }
        finally
        {
            Podman.Remove(name);
        }
    }

    private static string Logs(string name)
    {
        var r = Podman.Run("logs", name);
        return r.Stdout + r.Stderr;
    }

    private static string? TryScrape(int port)
    {
        try
        {
            return RawHttp.Scrape(port).Response?.Body;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null; // not listening yet
        }
    }
}
