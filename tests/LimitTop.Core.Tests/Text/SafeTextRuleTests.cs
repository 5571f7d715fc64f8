using LimitTop.Core.Metrics;
using LimitTop.Core.Model;
using LimitTop.Core.Text;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Core.Tests.Text;

/// <summary>
/// Issue 24 finding 8 and issue 25 item 10: one escaping rule (SafeText) for C0, DEL, C1, bidi overrides and
/// isolates, zero-width characters and invalid UTF-8, the same in the log, --why, the panels and metric labels.
/// </summary>
public sealed class SafeTextRuleTests
{
    [Theory]
    [InlineData("a\u009bb", "a\\x9bb")]            // C1 CSI: a cursor move on many terminals
    [InlineData("\u0085", "\\x85")]                 // C1 NEL
    [InlineData("x\u202ey", "x\\u202ey")]           // right-to-left override
    [InlineData("\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d")]
    [InlineData("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069")] // isolates
    [InlineData("\u200e\u200f\u061c", "\\u200e\\u200f\\u061c")]             // marks
    [InlineData("a\u200b\u200c\u200d\u2060\ufeffb", "a\\u200b\\u200c\\u200d\\u2060\\ufeffb")] // zero-width
    [InlineData("\u001b[2J\a\u007f", "\\e[2J\\x07\\x7f")]
    [InlineData("tab\there\nline\r", "tab\\there\\nline\\r")]
    [InlineData("émoji 😀 日本", "émoji 😀 日本")]   // ordinary text stays as it is
    public void Every_unsafe_character_becomes_a_visible_escape(string raw, string shown)
        => Assert.Equal(shown, SafeText.Escape(raw));

    [Fact]
    public void A_lone_surrogate_is_escaped_and_a_pair_is_kept()
    {
        // built at run time: a lone surrogate does not survive an attribute's UTF-8 metadata
        Assert.Equal("\\ud800x", SafeText.Escape(new string(['\ud800', 'x'])));
        Assert.Equal("x\\udc00", SafeText.Escape(new string(['x', '\udc00'])));
        Assert.Equal("😀", SafeText.Escape("😀"));
    }

    [Fact]
    public void Invalid_utf8_shows_each_byte()
    {
        Assert.Equal("\\xffa\\xc3", SafeText.FromBytes([0xff, (byte)'a', 0xc3]));
        Assert.Equal("a\\x9bb", SafeText.FromBytes("a\u009bb"u8)); // valid UTF-8 for U+009B: the C1 escape, as from a string
        Assert.Equal("x \\u202e y", SafeText.FromCmdline("x\0\u202e\0y\0"u8));
    }

    [Fact]
    public void Escape_lines_keeps_the_reports_own_line_breaks_only()
        => Assert.Equal("one \\u202e\\e[31m\ntwo\\r\n", SafeText.EscapeLines("one \u202e\u001b[31m\ntwo\r\n"));

    [Fact]
    public void Metric_labels_carry_no_raw_c1_or_bidi_and_keep_prometheus_escaping()
    {
        var s = Snap([Member(42, 1000, "ev\u202eil\u009b", "x", threads: 30, user: "alice") with { Fds = 5 }]);
        string text = new MetricsFormatter(20).Render(s, new ExporterCounters(1, 0.01), MetricsFormat.Prometheus004);
        Assert.DoesNotContain('\u202e', text);
        Assert.DoesNotContain('\u009b', text);
        Assert.Contains("comm=\"ev\\\\u202eil\\\\x9b\"", text, StringComparison.Ordinal); // label value: ev\u202eil\x9b
    }
}
