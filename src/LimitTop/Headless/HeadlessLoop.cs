using LimitTop.Recording;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Platform;
using LimitTop.Serving;
using static Tmds.Linux.LibC;

namespace LimitTop.Headless;

/// <summary>What <c>--headless</c> was asked to do.</summary>
internal sealed record HeadlessOptions
{
    public required TimeSpan Interval { get; init; }
    public ExportOptions Export { get; init; } = new();
    public string? RecordDir { get; init; }
    public RecorderLimits Recorder { get; init; } = new();

    /// <summary>Start the refusal witness (false: --no-witness).</summary>
    public bool Witness { get; init; } = true;

    public Core.Recording.JournalOptions Journal { get; init; } = new();
}

/// <summary>
/// <c>limittop --headless</c>: one poll(2) loop on the main thread — the signalfd (SIGTERM, SIGINT, SIGHUP), the
/// metrics server's sockets (a <see cref="PollSet"/> participant), and the sample deadline — and nothing else: no
/// System.Console after start-up, no thread pool, no timer, no Task, so it needs no thread budget at all and runs
/// the same when the kernel refuses threads.
/// Failure policy: a sample refused by the kernel (out of fds, memory, tasks: <see cref="Sampler.TrySample"/>) is
/// logged, counted in limittop_scrape_errors_total, and the last good snapshot stays exported. Anything else is a
/// bug: <see cref="Run"/> logs it as one error line (type, message, stack) and returns 70 (EX_SOFTWARE), which
/// the systemd unit's Restart=on-failure restarts.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class HeadlessLoop
{
    /// <summary>The stop signals; <see cref="SignalFd.Open"/> them before anything else can be interrupted.</summary>
    public static readonly int[] StopSignals = [SIGTERM, SIGINT, SIGHUP];

    public static int Run(ProcRoot root, HeadlessOptions o, SignalFd signals)
    {
        try
        {
            return Loop(root, o, signals);
        }
        catch (Exception e)
        {
            Log.Error("internal error, stopping: " + e.ToString().ReplaceLineEndings(" | "));
            return 70;
        }
    }

    private static int Loop(ProcRoot root, HeadlessOptions o, SignalFd signals)
    {
        if (SignalFd.ThreadsNotBlocking(StopSignals) is { Count: > 0 } leaky)
        {
            Log.Warning("SIGTERM may end limittop without a clean exit: not blocked in " + string.Join(", ", leaky));
        }

        using var export = MetricsExport.Open(o.Export, out string? error);
        if (export is null)
        {
            Log.Error(error!);
            return 1;
        }

        var polls = new PollSet();
        if (export.Server is { } server)
        {
            polls.Add(server);
        }

        // One collector (Core/Pipeline): the exports and the flight recorder are its sinks, fed the same finished tick.
        var history = new SnapshotHistory(TimeSpan.FromSeconds(60), Math.Clamp((int)Math.Ceiling(60 / o.Interval.TotalSeconds), 2, 600));
        using var collector = new Collector(new LiveSource(new Sampler(root)), history);
        collector.Add(new NamingStage(root)); // containers, pods and units named in the log, the exports and the dumps
        // The refusal witness: drained by the collector each tick; disposed (trace instance removed) when this method
        // leaves by any path — a stop signal through the signalfd, an error (caught in Run), or a fatal one (Startup).
        using var witness = WitnessStage.Start(o.Witness, root);
        Hosting.Startup.OnFatal(witness);
        collector.Add(witness);
        if (witness.Witness?.RemovedStale is { Count: > 0 } stale)
        {
            Log.Info("refusal witness: removed " + string.Join(", ", stale) + " (left by a limittop that was killed)");
        }

        Log.Info(witness.Status.Up ? "refusal witness: " + witness.Status.Message : witness.Status.Message);
        var sampleLog = new SampleLog();
        collector.Add(sampleLog);
        collector.Add(export);
        export.Problem = p => Log.Problem("textfile", p);
        export.Resolved = () => Log.Resolved("textfile");
        using var journal = o.RecordDir is null ? null
            : new Recording.JournalSink(new Core.Recording.JournalWriter(o.RecordDir, Recording.JournalSink.ThisHost(root), o.Journal), Log.Warning);
        if (journal is not null)
        {
            // The journal first (every tick, docs/recording.md), then the dumps of the moments that matter.
            collector.Add(journal);
            collector.Add(new FlightRecorder(o.RecordDir!, o.Recorder));
        }

        Log.Info($"headless: sampling every {o.Interval.TotalSeconds:0.###} s"
            + (o.Export.Metrics is { } m ? $"; metrics at http://{m}/metrics" : "")
            + (export.Textfile is { } t ? $"; textfile {t.FilePath}" : "")
            + (o.RecordDir is null ? "" : $"; recording every tick and dumps to {Path.GetFullPath(o.RecordDir)} (kept {o.Journal.Keep.TotalDays:0.##} days, at most {o.Journal.MaxBytes >> 20} MiB)")
            + "; one thread, no thread budget needed");

        long intervalMs = Math.Max(1, (long)o.Interval.TotalMilliseconds);
        long nextSample = Environment.TickCount64;
        while (true)
        {
            long now = Environment.TickCount64;
            if (now >= nextSample)
            {
                _ = collector.Tick();
                nextSample += intervalMs;
                if (nextSample <= Environment.TickCount64)
                {
                    nextSample = Environment.TickCount64 + intervalMs; // fell behind: skip, do not burst
                }

                now = Environment.TickCount64;
            }

            var slots = polls.Prepare(1);
            slots[0] = new Tmds.Linux.pollfd { fd = signals.Handle, events = POLLIN };
            polls.Poll(polls.Timeout(nextSample, now));
            if ((slots[0].revents & POLLIN) != 0 && signals.Next() is int sig and > 0)
            {
                Log.Info($"signal {sig} ({SignalName(sig)}): stopping" + (journal is null ? "" : "; recording: " + journal.Summary));
                return 0;
            }

            polls.Service(Environment.TickCount64);
        }
    }

    /// <summary>Logs a refused sample once, and its recovery (Log.Problem / Log.Resolved rate-limit the lines).</summary>
    private sealed class SampleLog : ITickSink
    {
        public ReadNeeds Needs => ReadNeeds.None;

        public void OnTick(CollectedTick tick) => Log.Resolved("sample");

        public void OnFailed(string problem) => Log.Problem("sample", "sample failed: " + problem);
    }

    private static string SignalName(int sig) => sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : sig == SIGHUP ? "SIGHUP" : "?";
}
