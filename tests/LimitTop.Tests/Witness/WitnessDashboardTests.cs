using System.Globalization;
using System.Text.Json;

namespace LimitTop.Tests.Witness;

/// <summary>
/// The dashboard during refusals, in tmux (issue 26): the diagnosis line leads with the sentence, the REFUSED column
/// shows the process's count, the event log (e) has its refused line, the dump (d) carries <c>refusals</c> with the
/// count the program made itself, and quitting removes the trace instance.
/// </summary>
[Collection("tmux")]
public sealed class WitnessDashboardTests
{
    [SkippableFact]
    public void Refusals_lead_the_diagnosis_fill_REFUSED_the_event_log_and_the_dump()
    {
        WitnessProductTests.NeedWitness();
        string dumps = Directory.CreateTempSubdirectory("lt_w26_dumps_").FullName;
        try
        {
            int uid = WitnessProductTests.FreeUid(6);
            using var program = RefusingProgram.Start(uid, "5:5", "thread", 30);
            string pid = program.Pid.ToString(CultureInfo.InvariantCulture);
            using var tmux = Tmux.Start(230, 50);
            tmux.Type(Tmux.LimittopCommand + " --dump-dir " + dumps);
            tmux.Keys("Enter");
            string first = tmux.WaitFor("PROCESSES", 30);
            Assert.Contains("REFUSED", first, StringComparison.Ordinal);
            Assert.DoesNotContain("no refusal witness", first, StringComparison.Ordinal);
            int shell = int.Parse(tmux.Display("#{pane_pid}"), CultureInfo.InvariantCulture);
            string limittop = File.ReadAllText($"/proc/{shell}/task/{shell}/children").Trim();
            Assert.True(Directory.Exists("/sys/kernel/tracing/instances/limittop-" + limittop), "the dashboard made its trace instance");

            var (failed, _, _) = program.Go(TimeSpan.FromSeconds(60));
            Assert.Equal(26, failed);
            string screen = tmux.WaitFor(s => s.Contains($"26 task creations refused in the last minute — ltrefuse pid {pid} (user {uid}), RLIMIT_NPROC 5", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "the diagnosis line's refusal sentence");
            string row = screen.Split('\n').First(l => l.TrimStart().StartsWith(pid + " ", StringComparison.Ordinal));
            Assert.Contains(" 26 ", row, StringComparison.Ordinal); // REFUSED (THR is 5)

            tmux.Keys("e");
            string log = tmux.WaitFor("EVENTS", 10);
            string line = log.Split('\n').First(l => l.Contains("pid:" + pid + " ltrefuse", StringComparison.Ordinal));
            Assert.Contains("refused", line, StringComparison.Ordinal);
            Assert.Contains("nproc", line, StringComparison.Ordinal);
            Assert.Contains(" 26 ", line, StringComparison.Ordinal);
            tmux.Keys("Escape");

            tmux.Keys("d");
            string json = Eventually.Value(() => Directory.GetFiles(dumps, "*.json").FirstOrDefault(), "the dump (d)", TimeSpan.FromSeconds(60));
            using (var doc = JsonDocument.Parse(Eventually.Value(() => { try { return JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetRawText(); } catch (JsonException) { return null; } }, "a whole dump")))
            {
                var r = doc.RootElement.GetProperty("refusals");
                Assert.Equal(0, r.GetProperty("lost").GetInt64());
                var row2 = r.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("pid").GetInt32() == program.Pid);
                Assert.Equal((26L, "nproc", uid), (row2.GetProperty("lastMinute").GetInt64(), row2.GetProperty("limit").GetString(), row2.GetProperty("uid").GetInt32()));
                Assert.Contains(doc.RootElement.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "refused" && e.GetProperty("culprit").GetProperty("pid").GetInt32() == program.Pid);
            }

            tmux.Keys("q");
            tmux.WaitForShell(30);
            Assert.False(Directory.Exists("/sys/kernel/tracing/instances/limittop-" + limittop), "q removed the trace instance");
        }
        finally
        {
            Directory.Delete(dumps, true);
        }
    }
}
