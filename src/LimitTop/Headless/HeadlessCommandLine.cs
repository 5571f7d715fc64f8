using System.CommandLine;
using LimitTop.Core.Metrics;
using LimitTop.Core.Procfs;
using LimitTop.Serving;

namespace LimitTop.Headless;

/// <summary>The options of the headless service (README, "Headless, Prometheus and the flight recorder").</summary>
internal sealed class HeadlessCommandLine
{
    public Option<bool> Headless { get; } = new("--headless") { Description = "Run without a terminal until SIGTERM/SIGINT: sample every --interval, serve --metrics, write --textfile, --record." };
    public Option<string?> Metrics { get; } = new("--metrics") { Description = "Serve Prometheus metrics at http://ADDR:PORT/metrics, headless or beside the dashboard (loopback only unless --metrics-public)." };
    public Option<bool> MetricsPublic { get; } = new("--metrics-public") { Description = "Allow --metrics on a non-loopback address (no TLS, no authentication: put a proxy in front)." };
    public Option<int> MetricsTop { get; } = new("--metrics-top") { Description = "Per-process series for the top N by threads and by fd ratio.", DefaultValueFactory = _ => MetricsFormatter.DefaultTop };
    public Option<string?> Textfile { get; } = new("--textfile") { Description = "Write the metrics to FILE each tick (atomic rename), for node_exporter's textfile collector; headless or beside the dashboard." };
    public Option<string?> Record { get; } = new("--record") { Description = "Flight recorder: dump to DIR when a finding turns critical or a fork is refused." };
    public Option<double> RecordEvery { get; } = new("--record-every") { Description = "Seconds between two dumps of the same finding.", DefaultValueFactory = _ => 300 };
    public Option<int> RecordKeep { get; } = new("--record-keep") { Description = "Dumps kept in --record DIR (oldest removed first).", DefaultValueFactory = _ => 50 };
    public Option<long> RecordMaxBytes { get; } = new("--record-max-bytes") { Description = "Bytes the dumps in --record DIR may take (oldest removed first).", DefaultValueFactory = _ => 100L * 1024 * 1024 };

    public IEnumerable<Option> All => [Headless, Metrics, MetricsPublic, MetricsTop, Textfile, Record, RecordEvery, RecordKeep, RecordMaxBytes];

    /// <summary>The options only the headless service has (the flight recorder); --metrics and --textfile also run beside the dashboard.</summary>
    private IEnumerable<Option> HeadlessOnly => [Record, RecordEvery, RecordKeep, RecordMaxBytes];

    /// <summary>A headless-only option without --headless: a message.</summary>
    public string? Misuse(ParseResult r)
    {
        if (r.GetValue(Headless))
        {
            return null;
        }

        foreach (var o in HeadlessOnly)
        {
            if (r.GetResult(o) is { Implicit: false })
            {
                return $"{o.Name} needs --headless";
            }
        }

        return null;
    }

    public bool Requested(ParseResult r) => r.GetValue(Headless);

    /// <summary>Validates and runs the headless service; the exit code (2 for a bad option).</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public int Run(ParseResult r, ProcRoot root, TimeSpan interval)
    {
        // First of all: from here on a SIGTERM is read by the loop, never the default action (death, exit 143),
        // even while the options below are checked and logged.
        using var signals = SignalFd.Open(HeadlessLoop.StopSignals, out int err);
        if (signals is null)
        {
            return Fail(1, "cannot open a signalfd: " + System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(err));
        }

        if (Export(r, out var export) is int bad)
        {
            return bad;
        }

        double every = r.GetValue(RecordEvery);
        int keep = r.GetValue(RecordKeep);
        long bytes = r.GetValue(RecordMaxBytes);
        if (!(every >= 0) || keep < 1 || bytes < 1)
        {
            return Fail(2, "--record-every must be >= 0, --record-keep and --record-max-bytes >= 1");
        }

        var o = new HeadlessOptions
        {
            Interval = interval,
            Export = export,
            RecordDir = r.GetValue(Record),
            Recorder = new RecorderLimits { Every = TimeSpan.FromSeconds(every), Keep = keep, MaxBytes = bytes },
        };
        return HeadlessLoop.Run(root, o, signals);
    }

    /// <summary>
    /// For the dashboard: the exports asked for (--metrics, --textfile), listening already, or null when none was;
    /// a non-null exit code when an option is bad or the address cannot be bound (said on stderr before the
    /// terminal is taken).
    /// </summary>
    public int? OpenForDashboard(ParseResult r, out MetricsExport? export)
    {
        export = null;
        if (Export(r, out var o) is int bad)
        {
            return bad;
        }

        if (o.Metrics is null && o.Textfile is null)
        {
            return null;
        }

        export = MetricsExport.Open(o, out string? error);
        return export is null ? Fail(1, error!) : null;
    }

    /// <summary>Checks --metrics, --metrics-public, --metrics-top and --textfile; an exit code when one is bad.</summary>
    private int? Export(ParseResult r, out ExportOptions o)
    {
        o = new ExportOptions { Top = r.GetValue(MetricsTop), Textfile = r.GetValue(Textfile) };
        if (o.Top is < 0 or > 10_000)
        {
            return Fail(2, "--metrics-top must be between 0 and 10000");
        }

        if (r.GetValue(Metrics) is not { } text)
        {
            return null;
        }

        if (!MetricsListener.TryParse(text, out var ep, out string? error))
        {
            return Fail(2, error!);
        }

        if (!MetricsListener.IsLoopback(ep!))
        {
            if (!r.GetValue(MetricsPublic))
            {
                return Fail(2, $"--metrics {text}: not a loopback address; the endpoint has no TLS or authentication. Add --metrics-public to serve it anyway, or see the README for safe ways");
            }

            Log.Warning($"--metrics-public: serving metrics on {ep} to anyone who can reach it (no TLS, no authentication)");
        }

        o = o with { Metrics = ep };
        return null;
    }

    private static int Fail(int code, string message)
    {
        Log.Error(message);
        return code;
    }
}
