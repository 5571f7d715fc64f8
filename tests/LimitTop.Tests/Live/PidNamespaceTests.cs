using System.Globalization;
using System.Text.Json;
using LimitTop.Tests.Survival;
using Xunit.Abstractions;
using LimitTop.TestSupport;

namespace LimitTop.Tests.Live;

/// <summary>
/// "PIDs in use" against the kernel itself: in a PID namespace of its own with pid_max = 1000 (per namespace since
/// Linux 6.14, so the host's pid_max is never touched), ltpids.c fills every number, frees those below 300 (fork
/// still fails: the allocator never goes below 300 again), frees 60 in range, leaves a session whose leader has
/// exited, runs <c>limittop --once --json</c>, and then counts how many forks the kernel still allows.
/// </summary>
public sealed class PidNamespaceTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Pids_in_use_and_usable_equal_what_the_kernel_still_hands_out()
    {
        // Before 6.14 pid_max is global: writing it inside the namespace would change the host's.
        Need.Platform(PidMaxIsPerNamespace(File.ReadAllText("/proc/sys/kernel/osrelease")), "kernel older than 6.14: pid_max is not per PID namespace");
        Need.Root();

        string dir = Directory.CreateTempSubdirectory("limittop-pidns-").FullName;
        try
        {
            string helper = Path.Combine(dir, "ltpids");
            string cc = Need.CCompiler();
            Sh.Check(Sh.Run(cc, ["-O2", "-o", helper, Path.Combine(AotBuild.RepoRoot(), "tests", "LimitTop.Tests", "Live", "ltpids.c")]), "cc ltpids.c");
            string json = Path.Combine(dir, "once.json");
            string[] limittop = Tmux.LimittopCommand.Split(' ');
            long hostPidMax = long.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture);

            var run = Sh.Run("unshare", ["--pid", "--fork", "--mount-proc", helper, json, .. limittop, "--once", "--json"], TimeSpan.FromSeconds(120));
            output.WriteLine(run.Stdout + run.Stderr);
            Sh.Check(run, "ltpids in a new PID namespace");
            Assert.Equal(hostPidMax, long.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture));

            var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' '))
                .ToDictionary(t => t[0], t => t[1..]);
            Assert.Equal("0", lines["fork-after-freeing-low"][0]); // ~700 tasks and the kernel refuses a fork
            Assert.Equal("11", lines["fork-after-freeing-low"][2]); // EAGAIN
            Assert.Equal("0", lines["limittop"][2]); // limittop's exit code
            int ltPid = int.Parse(lines["limittop"][0], CultureInfo.InvariantCulture);
            int free = int.Parse(lines["free"][0], CultureInfo.InvariantCulture);

            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var sys = doc.RootElement.GetProperty("system");
            long used = sys.GetProperty("pidsUsed").GetInt64();
            long usable = sys.GetProperty("pidsUsable").GetInt64();
            Assert.Equal(1000, sys.GetProperty("pidMax").GetInt64());
            Assert.Equal(300, sys.GetProperty("pidsLowest").GetInt32());
            Assert.Equal(700, usable);
            Assert.Equal(1, sys.GetProperty("pidsHeldByGroups").GetInt32()); // the session whose leader exited

            // limittop's own tasks held numbers while it sampled and were freed before the kernel was asked again
            int ownThreads = doc.RootElement.GetProperty("processes").EnumerateArray()
                .Single(p => p.GetProperty("pid").GetInt32() == ltPid).GetProperty("threads").GetInt32();
            output.WriteLine($"limittop: {used} of {usable} PIDs in use, {ownThreads} of them its own; the kernel then handed out {free}");
            Assert.Equal(free, usable - (used - ownThreads));

            var finding = doc.RootElement.GetProperty("diagnosis").EnumerateArray().Single(f => f.GetProperty("limit").GetString() == "pid_max");
            Assert.Equal(usable, finding.GetProperty("max").GetInt64());
            Assert.Contains("pid_max 1,000 minus the 300", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableTheory]
    [InlineData("6.18.44-fc-v669", true)]
    [InlineData("6.14.0", true)]
    [InlineData("7.0.1", true)]
    [InlineData("6.13.12-generic", false)]
    [InlineData("5.15.0-1051-azure", false)]
    [InlineData("garbage", false)]
    public void Only_kernels_with_a_per_namespace_pid_max_run_the_test(string release, bool expected)
        => Assert.Equal(expected, PidMaxIsPerNamespace(release));

    internal static bool PidMaxIsPerNamespace(string release)
    {
        var parts = release.Trim().Split('.', '-');
        return parts.Length >= 2
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int major)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int minor)
            && (major > 6 || (major == 6 && minor >= 14));
    }
}
