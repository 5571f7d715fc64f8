using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LimitTop.Tests.Survival;

namespace LimitTop.Tests.Fleet;

/// <summary>
/// A real Prometheus for a test: loopback, temporary storage, 1 s scrape and evaluation, the given rule files,
/// one static target (a limittop's /metrics). Queried through its HTTP API; killed and its storage removed at Dispose.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Hog _process;
    private readonly string _dir;

    private PrometheusServer(Hog process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string Log => string.Join(" | ", _process.Lines);

    public static PrometheusServer Start(int targetPort, params string[] ruleFiles)
    {
        string dir = Directory.CreateTempSubdirectory("limittop-fleet-prom-").FullName;
        int port = HeadlessProcess.FreePort();
        string rules = ruleFiles.Length == 0 ? "" : "rule_files:\n" + string.Concat(ruleFiles.Select(f => $"  - {f}\n"));
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            {rules}scrape_configs:
              - job_name: limittop
                static_configs:
                  - targets: ['127.0.0.1:{targetPort}']
            """);
        var hog = Hog.Start("prometheus", "--config.file=" + Path.Combine(dir, "prometheus.yml"), "--storage.tsdb.path=" + Path.Combine(dir, "data"),
            "--web.listen-address=127.0.0.1:" + Sh.Inv(port), "--log.level=warn");
        return new PrometheusServer(hog, dir, port);
    }

    /// <summary>The result array of an instant query (a copy); null when Prometheus did not answer or refused it.</summary>
    public JsonElement? Result(string query) => Api("query?query=" + Uri.EscapeDataString(query));

    /// <summary>The single value of an instant query; null when the result is empty (or Prometheus not up yet).</summary>
    public double? Query(string query)
        => Result(query) is { } r && r.GetArrayLength() > 0
            ? double.Parse(r[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture) : null;

    /// <summary>Values of <paramref name="label"/> over the series that match <paramref name="match"/> (the series API).</summary>
    public string[] LabelValues(string label, string match)
        => Api($"label/{label}/values?match[]={Uri.EscapeDataString(match)}") is { } r ? [.. r.EnumerateArray().Select(v => v.GetString()!)] : [];

    /// <summary>Polls until Prometheus scrapes the target successfully (up == 1); false at the deadline.</summary>
    public bool WaitUp(double seconds)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            if (Query("up{job=\"limittop\"}") == 1)
            {
                return true;
            }

            Thread.Sleep(250);
        }

        return false;
    }

    /// <summary>The body of a query API error (400: bad expression), for messages.</summary>
    public string Error(string query)
    {
        try
        {
            using var r = Client.GetAsync($"http://127.0.0.1:{Port}/api/v1/query?query={Uri.EscapeDataString(query)}").GetAwaiter().GetResult();
            return r.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.Message;
        }
    }

    private JsonElement? Api(string pathAndQuery)
    {
        string body;
        try
        {
            using var r = Client.GetAsync($"http://127.0.0.1:{Port}/api/v1/{pathAndQuery}").GetAwaiter().GetResult();
            if (!r.IsSuccessStatusCode)
            {
                return null;
            }

            body = r.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(body);
        var data = doc.RootElement.GetProperty("data");
        return (data.ValueKind == JsonValueKind.Object ? data.GetProperty("result") : data).Clone();
    }

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Prometheus may still be closing its storage: the temporary directory is left
        }
    }
}
