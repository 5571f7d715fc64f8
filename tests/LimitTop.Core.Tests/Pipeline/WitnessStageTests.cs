using System.Diagnostics;
using System.Text.Json;
using LimitTop.Core.Export;
using LimitTop.Core.Metrics;
using LimitTop.Core.Model;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Procfs;
using LimitTop.Core.Tests.Analysis;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Tests.Pipeline;

/// <summary>
/// The witness's results everywhere a snapshot goes: a stage that cannot witness says why in Snapshot.Refusals;
/// the JSON document carries <c>refusals</c>; /metrics carries the families (promtool accepts them); the text report
/// leads with the sentence; refused lines are the event log's flood, so they never evict a rarer event.
/// </summary>
public sealed class WitnessStageTests
{
    [Fact]
    public void Off_or_on_a_captured_tree_the_stage_says_why_in_every_snapshot()
    {
        var raw = Snapshots.Snap([Snapshots.Proc(1, 1)]);
        using (var off = WitnessStage.Start(false, ProcRoot.Default))
        {
            var s = off.Apply(raw, new EventLog());
            Assert.Equal(("disabled", false), (s.Refusals!.Witness.Reason, s.Refusals.Witness.Up));
            Assert.Contains("--no-witness", s.Refusals.Witness.Message, StringComparison.Ordinal);
            Assert.Contains(WitnessStatus.Fallback, s.Refusals.Witness.Message, StringComparison.Ordinal);
        }

        string tree = Directory.CreateTempSubdirectory("lt_w26_tree_").FullName;
        try
        {
            using var fixture = WitnessStage.Start(true, new ProcRoot(tree, tree, tree));
            var s = fixture.Apply(raw, new EventLog());
            Assert.Equal("fixture", s.Refusals!.Witness.Reason);
            fixture.Switch(true); // a captured tree is never witnessed, whatever the setup screen says
            Assert.Equal("fixture", fixture.Status.Reason);
        }
        finally
        {
            Directory.Delete(tree, true);
        }
    }

    [Fact]
    public void The_json_document_carries_refusals_and_the_refusing_finding()
    {
        var s = DiagnosisBuilder(RefusalHeadlineTests.Refusing());
        using var doc = JsonDocument.Parse(JsonExport.Serialize(s));
        var r = doc.RootElement.GetProperty("refusals");
        Assert.True(r.GetProperty("witness").GetProperty("up").GetBoolean());
        Assert.Equal(3412, r.GetProperty("lastMinute").GetInt64());
        Assert.Equal(3412, r.GetProperty("byLimit")[0].GetProperty("count").GetInt64());
        Assert.Equal("nproc", r.GetProperty("byLimitUser")[0].GetProperty("limit").GetString());
        var p = r.GetProperty("processes")[0];
        Assert.Equal((4000, 343L, "nproc", 11), (p.GetProperty("pid").GetInt32(), p.GetProperty("lastMinute").GetInt64(), p.GetProperty("limit").GetString(), p.GetProperty("errno").GetInt32()));
        Assert.Equal(10, r.GetProperty("recent").GetArrayLength());
        var first = doc.RootElement.GetProperty("diagnosis")[0];
        Assert.Equal(("user:bob", 3412L), (first.GetProperty("scope").GetString(), first.GetProperty("refusedLastMinute").GetInt64()));
        Assert.False(doc.RootElement.GetProperty("diagnosis")[1].TryGetProperty("refusedLastMinute", out _)); // 0 is left out
    }

    [Fact]
    public void The_text_report_leads_its_diagnosis_with_the_sentence_and_lists_the_refused()
    {
        string text = TextExport.Render(DiagnosisBuilder(RefusalHeadlineTests.Refusing()));
        Assert.Contains("Diagnosis (closest limit first)\n  [CRIT] 3,412 task creations refused in the last minute — myapp ×10 (user bob), RLIMIT_NPROC 3,859\n", text, StringComparison.Ordinal);
        Assert.Contains("Refused task creations (witnessed: 3,412 since start, 3,412 in the last minute, 0 lost by the kernel's buffer)", text, StringComparison.Ordinal);
        Assert.Contains("   4000 myapp uid 1001: 343 refused in the last minute by nproc (EAGAIN)", text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Metrics_carry_the_witness_families_and_promtool_accepts_them()
    {
        var s = RefusalHeadlineTests.Refusing();
        string text = new MetricsFormatter().Render(s, new ExporterCounters(0, 0.01));
        Assert.Contains("\nlimittop_witness_up 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nlimittop_task_creations_refused_total{limit=\"nproc\",user=\"bob\"} 3412\n", text, StringComparison.Ordinal);
        Assert.Contains("\nlimittop_task_creations_refused_total{limit=\"nproc\",cgroup=\"/\"} 3412\n", text, StringComparison.Ordinal);
        Assert.Contains("\nlimittop_task_creations_refused_lost_total 0\n", text, StringComparison.Ordinal);

        string down = new MetricsFormatter().Render(s with { Refusals = WitnessStage.Empty(WitnessStatus.Down("not-root", "tracefs needs root")) }, new ExporterCounters(0, 0.01));
        Assert.Contains("\nlimittop_witness_up 0\n", down, StringComparison.Ordinal);
        Assert.Contains("no refusal witness: tracefs needs root; refused forks are counted only where a pids cgroup counts them", down, StringComparison.Ordinal);

        Need.Tool("promtool");
        foreach (string exposition in new[] { text, down })
        {
            var psi = new ProcessStartInfo("promtool", ["check", "metrics"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            p.StandardInput.Write(exposition);
            p.StandardInput.Close();
            string said = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(30_000));
            Assert.True(p.ExitCode == 0, "promtool check metrics: " + said);
        }
    }

    [Fact]
    public void Refused_lines_are_the_flood_and_never_evict_a_rare_event()
    {
        var log = new EventLog(capacity: 5);
        var t = Snapshots.Now;
        log.Add(new TrendEvent(t, TrendEvent.Critical, Scope.User("bob"), LimitKind.Nproc, 3859, null, null));
        for (int i = 0; i < 50; i++)
        {
            log.Add(new TrendEvent(t.AddSeconds(i), TrendEvent.Refused, Scope.Pid(100 + i, "myapp"), LimitKind.Nproc, 3, 100 + i, "myapp")
            {
                Text = "refused line " + i,
            });
        }

        Assert.Contains(log.Recent, e => e.Kind == TrendEvent.Critical);
        Assert.Equal(5, log.Recent.Count(e => e.Kind == TrendEvent.Refused));
        Assert.Equal("refused line 49", log.Recent[^1].ToString());
    }

    private static Snapshot DiagnosisBuilder(Snapshot s) => Core.Analysis.DiagnosisBuilder.Diagnose(s);
}
