using System.Text;
using LimitTop.Core.Procfs;
using LimitTop.Core.Text;

namespace LimitTop.Core.Tests.Parsers;

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

public sealed class PasswdParserTests
{
    [Fact]
    public void Names_by_uid_first_entry_wins_and_junk_is_skipped()
    {
        var map = PasswdParser.Parse("root:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000::/home/bob:/bin/sh\nbob2:x:1000:1000::/:/bin/false\n# comment\n:x:5:5::/:\nnouid:x:abc:1::/:\n+@netgroup\n\n");
        Assert.Equal(new Dictionary<int, string> { [0] = "root", [1000] = "bob" }, map);
    }

    [Fact]
    public void Hostile_names_are_escaped()
        => Assert.Equal("mal\\e[2Jory", PasswdParser.Parse("mal\u001b[2Jory:x:1002:1002::/:/bin/false\n")[1002]);
}

public sealed class SafeTextTests
{
    [Theory]
    [InlineData("plain name", "plain name")]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("\u001b[2J", "\\e[2J")]
    [InlineData("\u001b]0;pwned\u0007", "\\e]0;pwned\\x07")]
    [InlineData("tab\there\r", "tab\\there\\r")]
    [InlineData("nul\0", "nul\\0")]
    [InlineData("del\u007f", "del\\x7f")]
    [InlineData("csi\u009b2J", "csi\\x9b2J")] // C1 CSI
    [InlineData("nel\u0085", "nel\\x85")]
    [InlineData("é日本\u00a0", "é日本\u00a0")] // U+00A0 is the first non-C1 character
    [InlineData("", "")]
    public void Escape(string input, string expected)
    {
        string e = SafeText.Escape(input);
        Assert.Equal(expected, e);
        Assert.DoesNotContain(e, SafeText.IsControl);
    }

    [Fact]
    public void Cmdline_joins_arguments_and_escapes()
    {
        Assert.Equal("python3 -c print(1)", SafeText.FromCmdline("python3\0-c\0print(1)\0"u8));
        Assert.Equal("a\\nb \\e[2J", SafeText.FromCmdline("a\nb\0\u001b[2J\0\0"u8));
        Assert.Equal("", SafeText.FromCmdline(""u8));
        Assert.Equal("", SafeText.FromCmdline("\0\0"u8));
        Assert.Equal("x\\xc2y", SafeText.FromCmdline([(byte)'x', 0xC2, (byte)'y'])); // invalid UTF-8: a visible escape
    }
}
