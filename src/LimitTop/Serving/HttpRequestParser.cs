using System.Text;

namespace LimitTop.Serving;

/// <summary>What the endpoint does with one request head.</summary>
internal enum HttpVerdict
{
    /// <summary>The head is not complete yet.</summary>
    NeedMore,
    Metrics,
    NotFound,
    MethodNotAllowed,
    BadRequest,
    HeaderTooLarge,
}

/// <summary>One parsed request head.</summary>
internal readonly record struct HttpRequest(HttpVerdict Verdict, int HeadLength, bool Head, bool KeepAlive, bool OpenMetrics);

/// <summary>
/// Parses an HTTP/1.x request head from the bytes received so far (RFC 9112): request line, header fields up to the
/// empty line. Only GET and HEAD of /metrics are served; a request with a body is answered and the connection
/// closed (the body is never read). Pure function of its input, so the hostile-input cases are unit-testable.
/// </summary>
internal static class HttpRequestParser
{
    public static HttpRequest Parse(ReadOnlySpan<byte> data, int maxHead)
    {
        int end = data.IndexOf("\r\n\r\n"u8);
        int headLength = end < 0 ? -1 : end + 4;
        if (end < 0)
        {
            // Bare-LF heads are tolerated, as most servers do.
            end = data.IndexOf("\n\n"u8);
            headLength = end < 0 ? -1 : end + 2;
        }

        if (headLength < 0)
        {
            return new HttpRequest(data.Length >= maxHead ? HttpVerdict.HeaderTooLarge : HttpVerdict.NeedMore, 0, false, false, false);
        }

        if (headLength > maxHead)
        {
            return new HttpRequest(HttpVerdict.HeaderTooLarge, headLength, false, false, false);
        }

        string head = Encoding.Latin1.GetString(data[..headLength]);
        string[] lines = head.Split('\n');
        string[] requestLine = lines[0].TrimEnd('\r').Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || requestLine[2].Length != 8
            || requestLine[0].Length == 0 || requestLine[1].Length == 0)
        {
            return new HttpRequest(HttpVerdict.BadRequest, headLength, false, false, false);
        }

        bool http11 = requestLine[2] == "HTTP/1.1";
        bool keepAlive = http11, openMetrics = false, hasBody = false, hasHost = false;
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[0] is ' ' or '\t' || line[..colon].Contains(' ', StringComparison.Ordinal))
            {
                return new HttpRequest(HttpVerdict.BadRequest, headLength, false, false, false);
            }

            string name = line[..colon].ToLowerInvariant();
            string value = line[(colon + 1)..].Trim();
            switch (name)
            {
                case "connection":
                    string v = value.ToLowerInvariant();
                    if (v.Contains("close", StringComparison.Ordinal))
                    {
                        keepAlive = false;
                    }
                    else if (v.Contains("keep-alive", StringComparison.Ordinal))
                    {
                        keepAlive = true;
                    }

                    break;
                case "accept":
                    openMetrics = value.Contains("application/openmetrics-text", StringComparison.OrdinalIgnoreCase);
                    break;
                case "content-length":
                    hasBody |= value != "0";
                    break;
                case "transfer-encoding":
                    hasBody = true;
                    break;
                case "host":
                    hasHost = true;
                    break;
            }
        }

        if (http11 && !hasHost)
        {
            return new HttpRequest(HttpVerdict.BadRequest, headLength, false, false, false); // RFC 9112 §3.2
        }

        keepAlive &= !hasBody; // the body is never read: the connection cannot carry another request
        string method = requestLine[0];
        string path = requestLine[1];
        int query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        HttpVerdict verdict = method is not ("GET" or "HEAD") ? HttpVerdict.MethodNotAllowed
            : path == "/metrics" ? HttpVerdict.Metrics
            : HttpVerdict.NotFound;
        return new HttpRequest(verdict, headLength, method == "HEAD", keepAlive, openMetrics);
    }
}
