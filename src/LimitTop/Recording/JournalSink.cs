using LimitTop.Core.Model;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Recording;
using LimitTop.Core.Sampling;

namespace LimitTop.Recording;

/// <summary>
/// <c>--record DIR</c>: every finished tick appended to the journal in DIR (Core/Recording, docs/recording.md), from
/// the loop's own thread, headless or beside the dashboard. The writer never throws for an I/O error: an unwritable
/// directory or a full disk comes back as a status whose message (once per change) goes to <see cref="Report"/>,
/// and the writer retries on its own schedule (the ticks' times) while the loop goes on.
/// </summary>
public sealed class JournalSink : ITickSink, IDisposable
{
    private readonly JournalWriter _writer;

    public JournalSink(JournalWriter writer, Action<string> report)
    {
        _writer = writer;
        Report = report;
    }

    /// <summary>Where the writer's failure and recovery lines go (the headless log, the dashboard's status bar).</summary>
    public Action<string> Report { get; set; }

    public JournalWriter Writer => _writer;

    /// <summary>
    /// The journal records every process's open fds (the nofile findings and the FD column replayed); the per-process
    /// socket scan stays the screen's choice (a readlink per fd is the sampler's dearest read).
    /// </summary>
    public ReadNeeds Needs => ReadNeeds.FdCounts;

    /// <summary>Ticks recorded, and the thread CPU their recording took (FromSnapshot, encoding, compression, writes).</summary>
    public long Ticks { get; private set; }

    public TimeSpan Cpu { get; private set; }

    /// <summary>"N ticks, X ms of CPU a tick, B bytes written": what the recording cost (the headless log's last line).</summary>
    public string Summary => Ticks == 0 ? "no tick recorded"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Ticks} ticks recorded, {Cpu.TotalMilliseconds / Ticks:0.000} ms of CPU a tick, {_writer.BytesWritten} bytes written");

    public void OnTick(CollectedTick tick)
    {
        var cpu0 = Core.Native.Clocks.ThreadCpu;
        Record(tick);
        Cpu += Core.Native.Clocks.ThreadCpu - cpu0;
        Ticks++;
    }

    private void Record(CollectedTick tick)
    {
        var s = tick.Snapshot;
        var names = s.Names;
        var status = _writer.Append(RecordedTick.FromSnapshot(s, names.Count == 0 ? null : path => names.TryGetValue(path, out var n) ? n.Display : null));
        if (status.Message is { } message)
        {
            Report(message);
        }
    }

    public void OnFailed(string problem)
    {
    }

    /// <summary>Writes the open block now (the dashboard's 'd', shutdown).</summary>
    public void Flush()
    {
        if (_writer.Flush().Message is { } message)
        {
            Report(message);
        }
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>The header every segment carries: this host, this boot, this kernel, this limittop.</summary>
    public static SegmentInfo ThisHost(Core.Procfs.ProcRoot root)
    {
        static string Read(string path) => (Core.Platform.BoundedFile.ReadText(path, 4096, out _) ?? "").Trim();
        string host = Read(Path.Combine(root.Proc, "sys/kernel/hostname"));
        string boot = Read(Path.Combine(root.Proc, "sys/kernel/random/boot_id"));
        string kernel = Read(Path.Combine(root.Proc, "sys/kernel/osrelease"));
        string version = typeof(JournalSink).Assembly.GetName().Version?.ToString() ?? "";
        return new SegmentInfo(DateTimeOffset.UnixEpoch, host, boot, kernel, version);
    }
}
