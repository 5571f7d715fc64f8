namespace LimitTop.Tests.EndToEnd;

/// <summary>
/// The dashboard in tmux with two real Podman containers (TestSupport/LivePodman), one filled to its --pids-limit by a
/// fork loop: the pids cgroups panel leads with the name ("lt_w27_a (podman)") and p shows the path; the CONTAINER
/// column appears by itself; c picks a container to filter by; the kill dialog offers "the whole container".
/// </summary>
[Collection("tmux")]
public sealed class ContainerEndToEndTests
{
    private const string A = "lt_w27_a", B = "lt_w27_b";

    /// <summary>Opens the c picker and chooses <paramref name="name"/>'s line (other tests' containers may be listed too).</summary>
    private static string Pick(Tmux tmux, string name)
    {
        tmux.Keys("c");
        string picker = tmux.WaitFor("Show processes of container");
        var items = picker.Split('\n').SkipWhile(l => !l.Contains("Show processes of container", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.StartsWith("   ", StringComparison.Ordinal) || l.StartsWith(" > ", StringComparison.Ordinal)).ToList();
        int index = items.FindIndex(l => l.Contains(name + " (podman) (", StringComparison.Ordinal));
        Assert.True(index > 0, "the picker lists " + name + ":\n" + picker);
        for (int i = 0; i < index; i++)
        {
            tmux.Keys("Down");
        }

        tmux.Keys("Enter");
        return tmux.WaitFor("container " + name + " (podman)");
    }

    [SkippableFact]
    public void The_panel_the_container_column_the_filter_and_the_kill_dialog_name_the_containers()
    {
        LivePodman.Require();
        try
        {
            string idA = LivePodman.Start(A, 32, "sleep", "600");
            LivePodman.Start(B, 64, "sleep", "600");
            LivePodman.ExecDetached(A, "i=0; while [ $i -lt 40 ]; do sleep 600 & i=$((i+1)); done; wait");
            string events = $"/sys/fs/cgroup/pids/libpod_parent/libpod-{idA}/pids.events";
            Eventually.Until(() => File.ReadAllText(events).Trim() != "max 0", "the loop in A is refused by pids.max", TimeSpan.FromSeconds(60));

            using var tmux = Tmux.Start(200, 50);
            tmux.Type(Tmux.LimittopCommand);
            tmux.Keys("Enter");
            string screen = tmux.WaitFor(A + " (podman)", 30);
            Assert.Contains("p: paths", screen, StringComparison.Ordinal);
            Assert.Matches(@"CONTAINER +", screen); // by itself: processes run in containers
            // The diagnosis line names A — unless something else on this shared machine is closer to its limit (then it leads).
            string diagnosis = screen.Split('\n')[3];
            double lead = System.Text.RegularExpressions.Regex.Match(diagnosis, @"([\d.]+)%") is { Success: true } m
                ? double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            if (diagnosis.Contains(A, StringComparison.Ordinal) || lead <= 96.9)
            {
                Assert.Matches(@"\[!!\] .*container " + A + @" \(podman\): 3\d of 32 tasks", diagnosis);
            }

            // c: only A's processes, every row naming it; k offers the whole container
            screen = Pick(tmux, A);
            Assert.Matches(@"PROCESSES +3\d of \d+", screen);
            tmux.Keys("k");
            screen = tmux.WaitFor("Send a signal");
            Assert.Matches(@"the whole container " + A + @" \(podman\): 3\d processes", screen);
            tmux.Keys("Escape");
            tmux.WaitFor("kill cancelled");

            screen = Pick(tmux, B);
            Assert.Matches(@"PROCESSES +1 of \d+", screen);
            Assert.Contains(B + " (podman)", screen.Split('\n').Single(l => l.Contains("sleep 600", StringComparison.Ordinal)), StringComparison.Ordinal);

            // p: the panel shows the paths (their ends: the container's id), p again the names
            tmux.Keys("p");
            screen = tmux.WaitFor("paths (p: names)");
            Assert.Contains(idA[^20..], screen, StringComparison.Ordinal);
            tmux.Keys("p");
            tmux.WaitFor("p: paths");
            tmux.Keys("q");
            tmux.WaitForShell();
        }
        finally
        {
            LivePodman.Remove(A);
            LivePodman.Remove(B);
        }
    }
}
