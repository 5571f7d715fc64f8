using LimitTop.Recording;
using LimitTop.Platform;
using System.CommandLine;
using LimitTop.Core.Procfs;
using LimitTop.Serving;

namespace LimitTop.Headless;

/// <summary>
/// Starts the headless service, and the exports (--metrics, --textfile) of either mode, from the options of the one
/// command-line definition (Hosting/CommandLine.cs).
/// </summary>
internal sealed class HeadlessCommandLine(Hosting.CommandLine cl)
{
    private Option<bool> Headless => cl.Headless;
    private Option<string?> Metrics => cl.Metrics;
    private Option<bool> MetricsPublic => cl.MetricsPublic;
    private Option<int> MetricsTop => cl.MetricsTop;
    private Option<string?> Textfile => cl.Textfile;
    private Option<string?> Record => cl.Record;
    private Option<double> RecordEvery => cl.RecordEvery;
    private Option<int> RecordDumps => cl.RecordDumps;
    private Option<long> RecordDumpsMaxBytes => cl.RecordDumpsMaxBytes;

    public bool Requested(ParseResult r) => r.GetValue(Headless);

    /// <summary>--record DIR (the journal beside the dashboard too).</summary>
    public Option<string?> RecordOption => Record;

    /// <summary>--replay DIR|FILE and --at TIME (the dashboard on a recording).</summary>
    public Option<string?> ReplayOption => cl.Replay;

    public Option<string?> AtOption => cl.At;

    /// <summary>Validates and runs the headless service; the exit code (2 for a bad option).</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public int Run(ParseResult r, ProcRoot root, TimeSpan interval, bool witness = true)
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

        if (Recorder(r, out var recorder) is int badRecorder)
        {
            return badRecorder;
        }

        var o = new HeadlessOptions
        {
            Interval = interval,
            Export = export,
            RecordDir = r.GetValue(Record),
            Recorder = recorder,
            Witness = witness,
            Journal = Journal(r),
        };
        return HeadlessLoop.Run(root, o, signals);
    }

    /// <summary>The flight recorder's bounds (--record-every, --record-dumps, --record-dumps-max-bytes); an exit code when one is bad.</summary>
    public int? Recorder(ParseResult r, out RecorderLimits limits)
    {
        double every = r.GetValue(RecordEvery);
        int keep = r.GetValue(RecordDumps);
        long bytes = r.GetValue(RecordDumpsMaxBytes);
        limits = new RecorderLimits();
        if (!(every >= 0) || keep < 1 || bytes < 1)
        {
            return Fail(2, "--record-every must be >= 0, --record-dumps and --record-dumps-max-bytes >= 1");
        }

        limits = new RecorderLimits { Every = TimeSpan.FromSeconds(every), Keep = keep, MaxBytes = bytes };
        return null;
    }

    /// <summary>The journal's bounds (--record-keep, --record-max-bytes) for --record DIR.</summary>
    public Core.Recording.JournalOptions Journal(ParseResult r)
        => new() { Keep = r.GetValue(cl.RecordKeep), MaxBytes = r.GetValue(cl.RecordMaxBytes) };

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
