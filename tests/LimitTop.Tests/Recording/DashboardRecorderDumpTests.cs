using System.Globalization;
using System.Text.Json;
using LimitTop.Core.Recording;
using LimitTop.Tests.Survival;

namespace LimitTop.Tests.Recording;

/// <summary>
/// <c>--record DIR</c> beside the dashboard writes the flight recorder's trigger dumps too, as headless does, through
/// the same recorder (issue 28: "the trigger dumps stay"): a pids cgroup made here (max 2) filled by two sleepers —
/// its pids.max finding turns critical — then a shell in it whose fork the kernel refuses leaves a dump in DIR whose
/// triggers name the cgroup, beside the journal, and the status bar says so.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DashboardRecorderDumpTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lt_w29r_dashrec_").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void A_refused_fork_beside_the_dashboard_is_dumped_into_the_record_directory()
    {
        Need.Root();
        string name = "lt_w29r_dash_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using var cg = PidsCgroup.Create(name, max: 2);
        using var holder = cg.Start("sleep", "120"); // limittop lists the pids cgroups its processes are in
        string rec = Path.Combine(_dir, "rec");
        string trigger = "cgroup:" + cg.Relative + " pids.max";
        using var tmux = Tmux.Start(160, 45);
        // --record-every 0: a trigger may dump again at its next event, so a minute whose budget other limits of this
        // shared machine spent is retried below instead of lost
        tmux.Type(Tmux.LimittopCommand + " --interval 1 --record " + rec + " --record-every 0");
        tmux.Keys("Enter");
        tmux.WaitFor("PROCESSES", 30);
        tmux.WaitFor(cg.Relative, 10);
        tmux.WaitTicks(2, "the cgroup's pids.events baseline is in");

        // a second sleeper fills pids.max 2 (the finding turns critical); then a shell moved in tries to fork /bin/true and
        // is refused (pids.events max; dash exits when a fork fails)
        var hogs = new List<Hog> { cg.Start("sleep", "120") };
        string? dump = null;
        try
        {
            for (int attempt = 0; attempt < 4 && dump is null; attempt++)
            {
                long refused = cg.EventsMax;
                hogs.Add(cg.Start("sh", "-c", "/bin/true; true"));
                Eventually.Until(() => cg.EventsMax > refused, "the kernel to refuse the shell's fork (pids.events max)");
                // the refusal dumps in the tick it is seen (pids.current may be read a moment before the shell came in),
                // the critical finding in the tick it is: wait for a dump of this trigger with the finding critical
                _ = Eventually.Within(() => (dump = Dumps(rec).FirstOrDefault(d => Triggers(d).Contains(trigger) && Critical(d, cg.Relative))) is not null, pollMs: 100);
            }

            Assert.True(dump is not null, "a dump whose triggers name " + trigger + ", the finding critical, in " + rec + ": " + string.Join(", ", Dumps(rec).Select(d => string.Join("; ", Triggers(d)))));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dump));
            Assert.True(File.Exists(Path.ChangeExtension(dump, ".txt")), "the dump's text twin");
            using (var doc = JsonDocument.Parse(File.ReadAllText(dump)))
            {
                var cgroup = doc.RootElement.GetProperty("cgroups").EnumerateArray().Single(c => c.GetProperty("path").GetString() == cg.Relative);
                Assert.Equal(2, cgroup.GetProperty("pidsMax").GetInt64());
                Assert.True(cgroup.GetProperty("forkRejectionsSinceStart").GetInt64() >= 1, "the refused fork in the dump: " + cgroup);
                Assert.True(cgroup.GetProperty("pidsCurrent").GetInt64() >= 2, "the cgroup full in the dump: " + cgroup);
            }

            tmux.WaitFor(s => s.Contains("recorded " + rec, StringComparison.Ordinal) || s.Contains("recorded " + Path.GetFileName(dump), StringComparison.Ordinal)
                || s.Contains(Path.GetFileNameWithoutExtension(dump), StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the status bar to name the dump");
        }
        finally
        {
            foreach (var h in hogs)
            {
                h.Dispose();
            }

            holder.Dispose();
        }

        tmux.Keys("q");
        tmux.WaitForShell(30);
        // the journal shares the directory, and recorded the refusal
        using var reader = JournalReader.Open(rec);
        Assert.Contains(reader.Events(), e => e.Event.Scope.Key == "cgroup:" + cg.Relative && e.Event.Kind == Core.Model.TrendEvent.ForkRejected);
    }

    private static string[] Dumps(string dir) => Directory.Exists(dir) ? Directory.GetFiles(dir, "limittop-*.json") : [];

    private static bool Critical(string json, string cgroup)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            return doc.RootElement.GetProperty("diagnosis").EnumerateArray().Any(d => d.GetProperty("scope").GetString() == "cgroup:" + cgroup
                && d.GetProperty("limit").GetString() == "pids.max" && d.GetProperty("severity").GetString() == "critical");
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return false; // being written
        }
    }

    private static List<string> Triggers(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            return doc.RootElement.TryGetProperty("focus", out var f) && f.ValueKind == JsonValueKind.Object
                ? [.. f.GetProperty("triggers").EnumerateArray().Select(t => t.GetString() ?? "")]
                : [];
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return []; // being written
        }
    }
}
