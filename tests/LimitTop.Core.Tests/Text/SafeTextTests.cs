using System.Text;
using LimitTop.Core.Procfs;
using LimitTop.Core.Text;

namespace LimitTop.Core.Tests.Text;

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
