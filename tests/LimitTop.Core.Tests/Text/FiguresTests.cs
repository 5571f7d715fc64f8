using LimitTop.Core.Text;

namespace LimitTop.Core.Tests.Text;

public sealed class FiguresTests
{
    [Theory]
    [InlineData(9.95, "9.9%")]
    [InlineData(9.999, "9.9%")]
    [InlineData(10.0, "10%")]
    [InlineData(10.99, "10%")]
    [InlineData(99.99, "99%")]
    [InlineData(100.0, "100%")]
    [InlineData(250.0, "250%")]
    [InlineData(0.0, "0.0%")]
    [InlineData(0.04, "0.0%")]
    [InlineData(2.3, "2.3%")]
    [InlineData(null, "-")]
    public void Percent_rounds_down_with_one_decimal_below_ten(double? p, string expected)
        => Assert.Equal(expected, Figures.Percent(p));

    [Theory]
    [InlineData(1693, 1700L, "99%")]
    [InlineData(1700, 1700L, "100%")]
    [InlineData(23, 1000L, "2.3%")] // 23 × 100.0 / 1000 is 2.2999… as a double: still "2.3%"
    [InlineData(199, 2000L, "9.9%")]
    [InlineData(200, 2000L, "10%")]
    [InlineData(5, 0L, "-")]
    [InlineData(5, null, "-")]
    public void Percent_of_a_limit(long used, long? max, string expected) => Assert.Equal(expected, Figures.Percent(used, max));

    [Fact]
    public void Every_tenth_below_ten_percent_survives_the_double()
    {
        for (int tenths = 0; tenths < 100; tenths++)
        {
            Assert.Equal($"{tenths / 10}.{tenths % 10}%", Figures.Percent(tenths, 1000));
        }
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(999L, "999")]
    [InlineData(1_000L, "1,000")]
    [InlineData(4_194_304L, "4,194,304")]
    [InlineData(long.MaxValue, "9,223,372,036,854,775,807")]
    [InlineData(-1_234L, "-1,234")]
    public void Counts_are_grouped_by_thousands(long v, string expected) => Assert.Equal(expected, Figures.Count(v));

    [Theory]
    [InlineData(null, "unlimited", "unlim")]
    [InlineData(1_048_576L, "1,048,576", "1,048,576")]
    [InlineData(64L, "64", "64")]
    public void Limits_say_unlimited_and_abbreviate_only_in_narrow_columns(long? v, string prose, string narrow)
    {
        Assert.Equal(prose, Figures.Limit(v));
        Assert.Equal(narrow, Figures.LimitNarrow(v));
        Assert.Equal(Figures.Unlimited, Figures.Limit(null));
    }

    [Theory]
    [InlineData(0.0, "0s")]
    [InlineData(0.25, "0.25s")]
    [InlineData(1.0, "1s")]
    [InlineData(2.5, "2.5s")]
    [InlineData(59.999, "59.99s")]
    [InlineData(60.0, "1m 0s")]
    [InlineData(35 * 60 + 0.8, "35m 0s")]
    [InlineData(3600 * 4 + 125, "4h 2m")]
    [InlineData(86400 * 2 + 3 * 3600 + 245, "2d 3h")]
    [InlineData(86400 * 400.0, "400d 0h")]
    public void Durations_use_their_two_largest_units(double seconds, string expected)
        => Assert.Equal(expected, Figures.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Uptime_is_a_duration_or_unknown()
    {
        Assert.Equal("4h 2m", Figures.Uptime(new TimeSpan(4, 2, 59)));
        Assert.Equal("?", Figures.Uptime(TimeSpan.Zero));
        Assert.Equal("0s", Figures.Duration(TimeSpan.FromSeconds(-3)));
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(512L, "512")]
    [InlineData(1536L, "1.5K")]
    [InlineData(1_677_722L, "1.6M")]
    [InlineData(100L * 1024 * 1024, "100M")]
    [InlineData(1_288_490_189L, "1.2G")]
    public void Bytes_are_short(long b, string expected) => Assert.Equal(expected, Figures.Bytes(b));

    [Theory]
    [InlineData(null, "-")]
    [InlineData(0.04, "0.0")]
    [InlineData(12.36, "12.4")]
    [InlineData(199.95, "200.0")]
    public void Cpu_has_one_decimal_and_no_sign(double? p, string expected) => Assert.Equal(expected, Figures.Cpu(p));
}
