using LimitTop.Tests.Dashboard;
using LimitTop.Core.Model;
using LimitTop.Dashboard;

namespace LimitTop.Tests.Dashboard;

/// <summary>Issue 25 item 11: the TIME_WAIT row never draws a full bar unless tcp_max_tw_buckets is full.</summary>
public sealed class TimeWaitRowTests
{
    private static SocketSummary Sockets(long? twMax) => LayoutTests.Summary() with
    {
        Tcp = new TcpStateCounts { Established = 12, TimeWait = 5350, Listen = 4 },
        TimeWaitBuckets = 5350,
        TimeWaitBucketsMax = twMax,
    };

    private static string Row(long? twMax)
    {
        var data = SocketPanelData.From(Sockets(twMax), null);
        var lines = SocketsPanel.Draw(data, 80, 20).Select(l => l.Text).ToList();
        return lines.Single(l => l.TrimStart().StartsWith("TIME_WAIT", StringComparison.Ordinal));
    }

    [Fact]
    public void Time_wait_is_barred_against_tcp_max_tw_buckets()
    {
        string row = Row(262_144);
        Assert.DoesNotContain("||||||||||", row, StringComparison.Ordinal); // 2 % of the buckets: one or two marks
        Assert.Contains("[|", row, StringComparison.Ordinal);
        Assert.Contains("5,350 of 262,144 buckets", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_limit_time_wait_is_a_count_without_a_bar()
    {
        string row = Row(null);
        Assert.DoesNotContain("[", row, StringComparison.Ordinal);
        Assert.Contains("5,350", row, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(120)]
    [InlineData(80)]
    public void At_120_columns_the_busiest_tuples_port_is_not_cut(int width)
    {
        var sockets = LayoutTests.Summary() with
        {
            EphemeralPorts = new EphemeralPorts { Low = 32768, High = 60999, Worst = new PortTuple("127.0.0.1", "127.0.0.1", 32768, 5000) },
        };
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.OnSnapshot(Snapshots.Make([Snapshots.Proc(1, 3)], sockets: sockets));
        string text = c.Frame(width, 40, Snapshots.Now).Text;
        Assert.Contains("127.0.0.1:32768", text, StringComparison.Ordinal);
        Assert.Contains("5,000", text, StringComparison.Ordinal);
    }
}
