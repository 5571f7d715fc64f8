using System.Text;
using LimitTop.Serving;

namespace LimitTop.Tests.Serving;

/// <summary>The request-head parser of the metrics endpoint on hostile and ordinary input.</summary>
public sealed class HttpRequestParserTests
{
    private static HttpRequest P(string s, int max = 8192) => HttpRequestParser.Parse(Encoding.Latin1.GetBytes(s), max);

    [Theory]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n", "Metrics", true)]
    [InlineData("GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\n\r\n", "Metrics", true)]
    [InlineData("GET /metrics HTTP/1.0\r\n\r\n", "Metrics", false)]
    [InlineData("GET /metrics HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "Metrics", true)]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "Metrics", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n\r\n", "NotFound", true)]
    [InlineData("DELETE /metrics HTTP/1.1\r\nHost: a\r\n\r\n", "MethodNotAllowed", true)]
    [InlineData("POST /metrics HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", "MethodNotAllowed", false)]
    public void Verdicts(string head, string verdict, bool keepAlive)
    {
        var r = P(head);
        Assert.Equal(Enum.Parse<HttpVerdict>(verdict), r.Verdict);
        Assert.Equal(keepAlive, r.KeepAlive);
        Assert.Equal(head.Length, r.HeadLength);
    }

    [Theory]
    [InlineData("\u0001\u0002garbage\r\n\r\n")]
    [InlineData("GET /metrics\r\n\r\n")]
    [InlineData("GET /metrics HTTP/2.0\r\nHost: a\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: a\r\nno colon here\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: a\r\n folded: x\r\n\r\n")]
    public void Malformed_heads_are_bad_requests(string head) => Assert.Equal(HttpVerdict.BadRequest, P(head).Verdict);

    [Fact]
    public void Incomplete_heads_wait_and_oversized_ones_are_refused()
    {
        Assert.Equal(HttpVerdict.NeedMore, P("GET /metrics HTTP/1.1\r\nHost: a\r\n").Verdict);
        Assert.Equal(HttpVerdict.HeaderTooLarge, P("GET /metrics HTTP/1.1\r\nX: " + new string('a', 9000)).Verdict);
        Assert.Equal(HttpVerdict.HeaderTooLarge, P("GET /metrics HTTP/1.1\r\nHost: a\r\nX: " + new string('a', 200) + "\r\n\r\n", max: 64).Verdict);
    }

    [Fact]
    public void OpenMetrics_is_chosen_only_when_accepted_and_head_is_recognised()
    {
        Assert.True(P("GET /metrics HTTP/1.1\r\nHost: a\r\nAccept: application/openmetrics-text;version=1.0.0,text/plain;q=0.5\r\n\r\n").OpenMetrics);
        Assert.False(P("GET /metrics HTTP/1.1\r\nHost: a\r\nAccept: text/plain\r\n\r\n").OpenMetrics);
        Assert.True(P("HEAD /metrics HTTP/1.1\r\nHost: a\r\n\r\n").Head);
    }

    [Fact]
    public void Pipelined_requests_are_parsed_one_head_at_a_time()
    {
        string one = "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n";
        var r = P(one + one + "GET / HTTP/1.1\r\n");
        Assert.Equal(HttpVerdict.Metrics, r.Verdict);
        Assert.Equal(one.Length, r.HeadLength);
    }
}
