using LimitTop.Core.Model;
using System.Text;
using System.Text.Json;
using LimitTop.Core.Metrics;
using LimitTop.Core.Witness;

namespace LimitTop.Core.Tests.Witness;

public sealed class RefusalOutputTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static RefusalSummary Sample()
    {
        var a = new RefusalAggregator();
        a.Add(new Refusal(T0, 4250, 4242, "my\"app", 1001, 11, RefusalLimits.Nproc, null, "/user.slice"), 37);
        a.Add(new Refusal(T0, 77, 77, "w", 0, 11, RefusalLimits.PidsCgroup, "/lt", "/lt"), 2);
        a.Lost = 5;
        _ = a.Flush(T0.AddSeconds(1));
        var up = new WitnessStatus(true, "up", "refused task creations witnessed by the kernel");
        return a.Summary(T0.AddSeconds(1), up, up,
            [new KernelLogEvent(T0, KernelLogParser.PidsForkRejected, "cgroup: fork rejected by pids controller in /lt", null, null, "/lt")]);
    }

    [Fact]
    public void Metrics_families_with_both_label_sets_and_the_lost_counter()
    {
        var sb = new StringBuilder();
        WitnessMetrics.Write(new MetricsTextWriter(sb, MetricsFormat.Prometheus004), Sample(), uid => uid == 1001 ? "bob" : "root");
        string text = sb.ToString();
        Assert.Contains("\nlimittop_witness_up 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nlimittop_task_creations_refused_total{limit=\"nproc\",user=\"bob\"} 37\n", text, StringComparison.Ordinal);
        Assert.Contains("\nlimittop_task_creations_refused_total{limit=\"pids.max\",user=\"root\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("\nlimittop_task_creations_refused_total{limit=\"nproc\",cgroup=\"/user.slice\"} 37\n", text, StringComparison.Ordinal);
        Assert.Contains("\nlimittop_task_creations_refused_lost_total 5\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE limittop_task_creations_refused_total counter\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_serialises_with_the_source_generated_context()
    {
        string json = JsonSerializer.Serialize(Sample(), RefusalJsonContext.Default.RefusalSummary);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(39, root.GetProperty("total").GetInt64());
        Assert.Equal(5, root.GetProperty("lost").GetInt64());
        Assert.True(root.GetProperty("witness").GetProperty("up").GetBoolean());
        Assert.Equal("nproc", root.GetProperty("byLimit")[0].GetProperty("limit").GetString());
        Assert.Equal(37, root.GetProperty("processes")[0].GetProperty("lastMinute").GetInt64());
        Assert.Equal("my\"app", root.GetProperty("recent").EnumerateArray().First(e => e.GetProperty("pid").GetInt32() == 4242).GetProperty("name").GetString());
        Assert.Equal("pids-fork-rejected", root.GetProperty("kernel")[0].GetProperty("kind").GetString());
    }
}
