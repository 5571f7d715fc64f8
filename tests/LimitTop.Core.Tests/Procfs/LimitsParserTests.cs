using System.Text;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Tests.Procfs;

public sealed class LimitsParserTests
{
    private static string Limits(string nproc = "96365                96365               ", string nofile = "1024                 524288              ", string sigpending = "96365                96365               ", string? drop = null)
    {
        var lines = new[]
        {
            "Limit                     Soft Limit           Hard Limit           Units     ",
            "Max cpu time              unlimited            unlimited            seconds   ",
            "Max stack size            8388608              unlimited            bytes     ",
            $"Max processes             {nproc} processes ",
            $"Max open files            {nofile} files     ",
            "Max locked memory         8388608              8388608              bytes     ",
            $"Max pending signals       {sigpending} signals   ",
            "Max msgqueue size         819200               819200               bytes     ",
            "Max nice priority         0                    0                    ",
            "Max realtime timeout      unlimited            unlimited            us        ",
        };
        return string.Join('\n', lines.Where(l => drop is null || !l.StartsWith(drop, StringComparison.Ordinal))) + "\n";
    }

    [Fact]
    public void Numbers()
    {
        Assert.True(LimitsParser.TryParse(Encoding.UTF8.GetBytes(Limits(nproc: "200                  300                 ")), out var l));
        Assert.Equal(new ProcessLimits(new LimitPair(200, 300), new LimitPair(1024, 524288), new LimitPair(96365, 96365)), l);
    }

    [Fact]
    public void Unlimited_is_null()
    {
        Assert.True(LimitsParser.TryParse(Encoding.UTF8.GetBytes(Limits(nproc: "unlimited            unlimited           ", sigpending: "20                   unlimited           ")), out var l));
        Assert.Equal(LimitPair.Unlimited, l!.Nproc);
        Assert.Equal(new LimitPair(20, null), l.Sigpending);
    }

    [Theory]
    [InlineData("Max processes")]
    [InlineData("Max open files")]
    [InlineData("Max pending signals")]
    public void A_missing_line_fails(string line)
        => Assert.False(LimitsParser.TryParse(Encoding.UTF8.GetBytes(Limits(drop: line)), out _));

    [Fact]
    public void A_garbled_value_fails()
        => Assert.False(LimitsParser.TryParse(Encoding.UTF8.GetBytes(Limits(nofile: "lots                 1024                ")), out _));

    [Fact]
    public void Truncated_mid_line_fails()
    {
        string full = Limits();
        int cut = full.IndexOf("Max pending signals", StringComparison.Ordinal) + "Max pending".Length;
        Assert.False(LimitsParser.TryParse(Encoding.UTF8.GetBytes(full[..cut]), out _));
    }
}
