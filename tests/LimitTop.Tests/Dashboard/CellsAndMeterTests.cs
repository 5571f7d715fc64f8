using LimitTop.Core.Model;
using LimitTop.Dashboard;
using LimitTop.Frames;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

public sealed class CellsAndMeterTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(512, "512")]
    [InlineData(1536, "1.5K")]
    [InlineData(100L * 1024 * 1024, "100M")]
    [InlineData(1288490189L, "1.2G")]
    public void Bytes_are_short(long bytes, string expected) => Assert.Equal(expected, Cells.Bytes(bytes));

    [Theory]
    [InlineData(999_999L, "999,999")]
    [InlineData(4_194_304L, "4.2M")]
    [InlineData(null, "unlimited")]
    public void Limits_exact_below_a_million(long? v, string expected) => Assert.Equal(expected, Cells.Limit(v));

    [Theory]
    [InlineData(99.96, "99%")]
    [InlineData(100, "100%")]
    [InlineData(9.99, "9.9%")]
    [InlineData(0.04, "0.0%")]
    public void Percent_rounds_down(double p, string expected) => Assert.Equal(expected, Cells.Percent(p));

    [Fact]
    public void Uptime_reads_in_two_units()
    {
        Assert.Equal("2d 3h", Cells.Uptime(new TimeSpan(2, 3, 4, 5)));
        Assert.Equal("35m 0s", Cells.Uptime(TimeSpan.FromSeconds(35 * 60 + 0.8)));
    }

    [Fact]
    public void Exact_counts_never_abbreviate()
    {
        Assert.Equal("1234567", Cells.Exact(1_234_567));
        Assert.Equal("1,234,567", Cells.Grouped(1_234_567));
    }

    [Theory]
    [InlineData(699, 1000, Severity.Ok, '|', "")]
    [InlineData(700, 1000, Severity.Warning, '#', "[!]")]
    [InlineData(899, 1000, Severity.Warning, '#', "[!]")]
    [InlineData(900, 1000, Severity.Critical, '!', "[!!]")]
    [InlineData(1000, 1000, Severity.Critical, '!', "[!!]")]
    public void Severity_thresholds_show_without_colour(long used, long max, Severity sev, char bar, string marker)
    {
        var line = Meter.Render("nproc", 5, used, max, 60);
        Assert.Equal(60, line.Length);
        Assert.Contains(bar, line.Text);
        if (marker.Length > 0)
        {
            Assert.EndsWith(marker, line.Text.TrimEnd());
        }
        else
        {
            Assert.DoesNotContain("[!", line.Text);
        }

        Assert.Contains(Cells.ToneOf(sev), line.Spans.Select(s => s.Tone));
    }

    [Fact]
    public void Bar_fills_in_proportion_and_shows_any_use()
    {
        Assert.Equal("[|||||     ]", Meter.Bar(0.5, 12, Severity.Ok));
        Assert.Equal("[|         ]", Meter.Bar(0.0001, 12, Severity.Ok));
        Assert.Equal("[          ]", Meter.Bar(0, 12, Severity.Ok));
        Assert.Equal("[!!!!!!!!!!]", Meter.Bar(1, 12, Severity.Critical));
    }

    [Fact]
    public void Meter_drops_the_bar_before_the_numbers()
    {
        var narrow = Meter.Render("np", 2, 950, 1000, 22);
        Assert.DoesNotContain("[", narrow.Text.Replace("[!!]", "", StringComparison.Ordinal));
        Assert.Contains("950/1,000", narrow.Text);
        Assert.Contains("12 unlimited", Meter.Render("np", 2, 12, null, 30).Text);
    }
}
