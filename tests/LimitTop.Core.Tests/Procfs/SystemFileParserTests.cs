using System.Text;
using LimitTop.Core.Procfs;
using LimitTop.Core.Text;

namespace LimitTop.Core.Tests.Procfs;

public sealed class SystemFileParserTests
{
    [Fact]
    public void Loadavg()
    {
        Assert.True(SystemFileParsers.TryParseLoadAvg("4.77 1.53 0.54 6/134 6517\n"u8, out var l));
        Assert.Equal(new LoadAvg(4.77, 1.53, 0.54, 6, 134), l);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0.1 0.2 0.3")]
    [InlineData("0.1 0.2 0.3 6 100")]
    [InlineData("0.1 0.2 0.3 /100 1")]
    [InlineData("0.1 0.2 x 1/100 1")]
    public void Bad_loadavg_fails(string text)
        => Assert.False(SystemFileParsers.TryParseLoadAvg(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void FileNr()
    {
        Assert.True(SystemFileParsers.TryParseFileNr("763\t0\t2466170\n"u8, out long used, out long max));
        Assert.Equal((763L, 2466170L), (used, max));
        Assert.True(SystemFileParsers.TryParseFileNr("1056\t0\t9223372036854775807\n"u8, out _, out max));
        Assert.Equal(long.MaxValue, max);
        Assert.False(SystemFileParsers.TryParseFileNr("763\t0\n"u8, out _, out _));
    }

    [Fact]
    public void Meminfo_in_bytes_and_missing_lines_are_null()
    {
        var m = SystemFileParsers.ParseMemInfo("MemTotal:       24684084 kB\nMemFree:        1 kB\nCommitLimit:    12342040 kB\nCommitted_AS:     912340 kB\nHugePages_Total:       0\n"u8);
        Assert.Equal(24684084L * 1024, m.MemTotalBytes);
        Assert.Equal(12342040L * 1024, m.CommitLimitBytes);
        Assert.Equal(912340L * 1024, m.CommittedAsBytes);
        Assert.Equal(new MemInfo(null, null, null), SystemFileParsers.ParseMemInfo("Garbage\nMemFree: x kB\n"u8));
    }

    [Fact]
    public void Uptime()
    {
        Assert.True(SystemFileParsers.TryParseUptime("5000.25 9000.50\n"u8, out var t));
        Assert.Equal(TimeSpan.FromSeconds(5000.25), t);
    }
}
