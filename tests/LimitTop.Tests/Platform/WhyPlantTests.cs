using LimitTop.TestSupport;
using System.Runtime.Versioning;
using LimitTop.Tests.Survival;

namespace LimitTop.Tests.Platform;

/// <summary>
/// Issue 24, findings 8 and 9, as a user runs <c>limittop --why PID</c> (the built binary) on the captured fixture
/// tree: uid 65534 owns the tree's /etc and plants FIFOs as /etc/group and a limits.d entry (the old code hung on
/// them), and the process's pids cgroup has a hostile name (U+202E, C1 0x9B, ESC) that must be printed escaped.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class WhyPlantTests : IDisposable
{
    private const string Hostile = "ev\u202eil\u009b\u001b[2J.service";
    private readonly HostileTree _tree = new();
    private readonly string _fixture;

    public WhyPlantTests()
    {
        _fixture = Path.Combine(_tree.Root, "tree");
        Directory.CreateDirectory(_fixture);
        string src = Path.Combine(AotBuild.RepoRoot(), "tests", "LimitTop.Core.Tests", "Fixtures", "proc-basic");
        Sh.Check(Sh.Run("cp", ["-a", src + "/.", _fixture]), "copy fixture");
        File.SetUnixFileMode(_fixture, (UnixFileMode)Convert.ToInt32("755", 8));
        string slice = Path.Combine(_fixture, "sys", "fs", "cgroup", "pids", "user.slice", "user-1000.slice");
        Directory.Move(Path.Combine(slice, "app.service"), Path.Combine(slice, Hostile));
        string cgroup = Path.Combine(_fixture, "proc", "4242", "cgroup");
        File.WriteAllText(cgroup, File.ReadAllText(cgroup).Replace("/app.service", "/" + Hostile, StringComparison.Ordinal));
    }

    private Sh.Result Why(params string[] args)
    {
        var cmd = Tmux.LimittopCommand.Split(' ', 2);
        // The deadline only bounds a hang (the old code never returned): the run is killed after it.
        return Sh.Run(cmd[0], [cmd[1], "--proc", _fixture + "/proc", "--sys", _fixture + "/sys", "--etc", _fixture + "/etc", .. args], TimeSpan.FromSeconds(60));
    }

    [SkippableFact]
    public void Fifo_group_and_limits_d_entry_do_not_hang_and_are_named()
    {
        Need.Root();
        string etc = Path.Combine(_fixture, "etc");
        Directory.CreateDirectory(Path.Combine(etc, "security", "limits.d"));
        File.WriteAllText(Path.Combine(etc, "security", "limits.conf"), "* soft nproc 20000\n");
        Sh.Check(Sh.Run("chown", ["-R", $"{HostileTree.Uid}:{HostileTree.Uid}", etc]), "chown etc");
        string group = Path.Combine(etc, "group"), entry = Path.Combine(etc, "security", "limits.d", "50-evil.conf");
        File.Delete(group);
        HostileTree.AsUser("mkfifo", group);
        HostileTree.AsUser("mkfifo", entry);
        Sh.Result r;
        try
        {
            r = Why("--why", "4242");
        }
        finally
        {
            HostileTree.Release(group);
            HostileTree.Release(entry);
        }

        Assert.True(r.ExitCode == 0, $"--why exited {r.ExitCode} (137: killed after the deadline, i.e. hung): {r.Stderr}");
        Assert.Contains($"{entry}:0: cannot read: not a regular file (a FIFO)", r.Stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Hostile_cgroup_and_unit_names_are_printed_escaped()
    {
        var r = Why("--why", "4242");
        Sh.Check(r, "--why 4242");
        Assert.DoesNotContain('\u202e', r.Stdout);
        Assert.DoesNotContain('\u009b', r.Stdout);
        Assert.DoesNotContain('\u001b', r.Stdout);
        Assert.Contains("ev\\u202eil\\x9b\\e[2J.service", r.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _tree.Dispose();
}
