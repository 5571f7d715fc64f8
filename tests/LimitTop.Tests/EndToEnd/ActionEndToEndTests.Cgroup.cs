using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LimitTop.TestSupport;

namespace LimitTop.Tests.EndToEnd;

/// <summary>The cgroup action end to end: a whole pids cgroup killed from the dashboard, its pids.max written with L.</summary>
public sealed partial class ActionEndToEndTests
{
    /// <summary>The pids hierarchy to make a test cgroup in: v1 (/sys/fs/cgroup/pids) or v2 with pids enabled; null otherwise.</summary>
    private static (string Dir, int Version)? PidsHierarchy()
    {
        if (File.Exists("/sys/fs/cgroup/pids/cgroup.procs"))
        {
            return ("/sys/fs/cgroup/pids", 1);
        }

        return File.Exists("/sys/fs/cgroup/cgroup.subtree_control") && File.ReadAllText("/sys/fs/cgroup/cgroup.subtree_control").Contains("pids", StringComparison.Ordinal)
            ? ("/sys/fs/cgroup", 2) : null;
    }

    [SkippableFact]
    public void A_whole_pids_cgroup_is_killed_and_its_pids_max_is_written()
    {
        Need.Root(); // to make a pids cgroup
        var h = PidsHierarchy() ?? throw new Xunit.Sdk.XunitException("needs a pids hierarchy (v1 pids or v2 with pids enabled); CI has one");

        string name = "lt-cg-" + Guid.NewGuid().ToString("N")[..8];
        string cg = Path.Combine(h.Dir, name);
        Directory.CreateDirectory(cg);
        try
        {
            string hog = Hog("lt-cgh-");
            string other = Hog("lt-cgo-");
            var members = new[] { Start(hog, "300"), Start(hog, "300"), Start(other, "300") };
            foreach (var m in members)
            {
                File.WriteAllText(Path.Combine(cg, "cgroup.procs"), Inv(m.Id));
            }

            var outside = Start(hog, "300"); // same command, other cgroup: must survive
            using var tmux = Tmux.Start(150, 40);
            StartAndFind(tmux, Path.GetFileName(other), members[2].Id);

            // L: pids.max from max to 50, typed and confirmed
            tmux.Keys("L");
            string dialog = tmux.WaitFor("Raise a limit", 5);
            string item = dialog.Split('\n').Single(l => l.Contains("pids.max   of /" + name, StringComparison.Ordinal));
            Assert.Contains("now max, 3 in use", item, StringComparison.Ordinal);
            tmux.Keys(Regex.Match(item, @"(\d)  pids\.max").Groups[1].Value);
            tmux.WaitFor("New pids.max", 5);
            tmux.Type("50");
            tmux.Keys("Enter");
            tmux.WaitFor("Set pids.max of /" + name + " from max to 50?", 5);
            Assert.Equal("max", File.ReadAllText(Path.Combine(cg, "pids.max")).Trim());
            tmux.Keys("Enter");
            tmux.WaitFor("pids.max of /" + name + ": max → 50", 5);
            Assert.Equal("50", File.ReadAllText(Path.Combine(cg, "pids.max")).Trim());

            // k: the whole cgroup, three processes of two commands
            tmux.Keys("k");
            tmux.WaitFor("Send a signal", 5);
            tmux.Keys("Left"); // wraps to the last choice: the cgroup
            dialog = tmux.WaitFor("(•) whole pids cgroup /" + name + " (v" + Inv(h.Version) + "): 3 processes", 5);
            tmux.Keys("Enter");
            tmux.WaitFor("killed 3 processes", 10);
            Assert.All(members, m => Assert.True(Gone(m), $"member {m.Id} gone"));
            Assert.False(outside.HasExited);
            tmux.Keys("q");
            tmux.WaitForShell();
        }
        finally
        {
            foreach (var p in _children)
            {
                try
                {
                    p.Kill();
                    p.WaitForExit(5000);
                }
                catch (InvalidOperationException)
                {
                }
            }

            Directory.Delete(cg); // rmdir of an empty cgroup
        }
    }
}
