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
            // the sentence names the program refused most: ours, unless another test on this shared machine is refused more
            string sentence = $"26 task creations refused in the last minute — ltrefuse pid {pid} (user {uid}), RLIMIT_NPROC 5";
            string screen = tmux.WaitFor(s => s.Contains(sentence, StringComparison.Ordinal)
                    || (s.Contains(" refused in the last minute — ", StringComparison.Ordinal) && !s.Contains("ltrefuse pid " + pid, StringComparison.Ordinal)),
                TimeSpan.FromSeconds(60), "the diagnosis line's refusal sentence");
            bool ours = screen.Contains(sentence, StringComparison.Ordinal);
            tmux.Type("\\"); // the filter: only ltrefuse's row in the table
            tmux.Type("ltrefuse");
            tmux.Keys("Enter");
            // REFUSED 26 in its row (THR is 5)
            screen = tmux.WaitFor(s => s.Split('\n').Any(l => l.TrimStart().StartsWith(pid + " ", StringComparison.Ordinal) && l.Contains(" 26 ", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(30), "ltrefuse's row with REFUSED 26");

            tmux.Keys("e");
            string log = tmux.WaitFor("EVENTS", 10);
            // other tests' refusals on a shared machine may stand above ours (newest first): page down to find it
            string? line = null;
            for (int page = 0; page < 40 && line is null; page++)
            {
                line = log.Split('\n').FirstOrDefault(l => l.Contains("pid:" + pid + " ltrefuse", StringComparison.Ordinal));
                if (line is null)
                {
                    tmux.Keys("NPage");
                    log = tmux.WaitTicks(1, "the next page of the event log");
                }
            }

            Assert.True(line is not null, "ltrefuse's refused line in the event log:\n" + log);
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
                var refused = r.GetProperty("processes").EnumerateArray().ToList();
                Assert.True(ours || refused.Count > 1, "the sentence named another program although only ours was refused: " + screen);
                var row2 = refused.Single(p => p.GetProperty("pid").GetInt32() == program.Pid);
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
