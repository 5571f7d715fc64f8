using LimitTop.Core.Model;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Recording;

/// <summary>A pids cgroup as recorded, with the name the cgroup namer gave it ("" when none).</summary>
public sealed record RecordedCgroup(CgroupUsage Usage, string Name);

/// <summary>
/// A process row as recorded: the sample with <see cref="ProcessSample.CpuPercent"/> in tenths and
/// <see cref="ProcessSample.LimitsAge"/> zero, and the time its limits were read (Unix ms), so an unchanged
/// process costs nothing from tick to tick (its age is rebuilt from the tick's time).
/// </summary>
public sealed record RecordedProcess(ProcessSample Row, long LimitsReadAtMs);

/// <summary>A steady forecast of the diagnosis (the fitted points are not recorded).</summary>
public sealed record RecordedForecast(Scope Scope, LimitKind Limit, double RatePerMinute, TimeSpan? ExhaustedIn);

/// <summary>
/// One tick of the journal: everything the dashboard draws and the exports need (docs/recording.md). Built from
/// the pipeline's snapshot with <see cref="FromSnapshot"/>; <see cref="ToSnapshot"/> gives the replay a
/// <see cref="Snapshot"/> with the same fields (CPU% to 0.1, times to the millisecond, UTC).
/// </summary>
public sealed record RecordedTick
{
    public required DateTimeOffset Time { get; init; }
    public required long Sequence { get; init; }
    /// <summary>The system row, with the header's CPU and memory meters from format 3 on (null in formats 1 and 2).</summary>
    public required SystemUsage System { get; init; }
    public required IReadOnlyList<UserUsage> Users { get; init; }
    public required IReadOnlyList<RecordedProcess> Processes { get; init; }
    public required IReadOnlyList<RecordedCgroup> Cgroups { get; init; }
    public SocketSummary? Sockets { get; init; }

    /// <summary>The diagnosis in its ranked order, forecasts included.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    public IReadOnlyList<RecordedForecast> Forecasts { get; init; } = [];

    /// <summary>The event log as of this tick, oldest first (as <see cref="Snapshot.Events"/>).</summary>
    public IReadOnlyList<TrendEvent> Events { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public TimeSpan SampleCpu { get; init; }

    /// <summary>What the refusal witness knew at this tick (format 2; null in format 1 and without a witness).</summary>
    public RefusalSummary? Refusals { get; init; }

    /// <summary>The cgroups' names as the namer gave them, in path order (format 2; empty in format 1).</summary>
    public IReadOnlyList<CgroupName> Names { get; init; } = [];

    /// <summary>The tick of <paramref name="s"/>; <paramref name="cgroupName"/> gives a cgroup path its display name.</summary>
    public static RecordedTick FromSnapshot(Snapshot s, Func<string, string?>? cgroupName = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        long now = s.TakenAt.ToUnixTimeMilliseconds();
        var procs = new RecordedProcess[s.Processes.Count];
        for (int i = 0; i < procs.Length; i++)
        {
            var p = s.Processes[i];
            procs[i] = new RecordedProcess(p, now - (long)Math.Round(p.LimitsAge.TotalMilliseconds));
        }

        var cgroups = new RecordedCgroup[s.Cgroups.Count];
        for (int i = 0; i < cgroups.Length; i++)
        {
            cgroups[i] = new RecordedCgroup(s.Cgroups[i], cgroupName?.Invoke(s.Cgroups[i].Path) ?? "");
        }

        return new RecordedTick
        {
            Time = s.TakenAt,
            Sequence = s.Sequence,
            System = s.System,
            Users = s.Users,
            Processes = procs,
            Cgroups = cgroups,
            Sockets = s.Sockets,
            Findings = s.Diagnosis,
            Forecasts = [.. s.ForecastSeries.Select(f => new RecordedForecast(f.Scope, f.Limit, f.RatePerMinute, f.ExhaustedIn))],
            Events = s.Events,
            Warnings = s.Warnings,
            SampleCpu = s.SampleCpu,
            Refusals = s.Refusals,
            Names = s.Names.Count == 0 ? [] : [.. s.Names.Values.OrderBy(n => n.Path, StringComparer.Ordinal)],
        };
    }

    private static readonly IReadOnlyDictionary<string, CgroupName> EmptyNames = new Dictionary<string, CgroupName>();

    /// <summary>The snapshot the replay feeds to the dashboard and the exports (allocates the process rows).</summary>
    public Snapshot ToSnapshot()
    {
        long now = Time.ToUnixTimeMilliseconds();
        var procs = new ProcessSample[Processes.Count];
        for (int i = 0; i < procs.Length; i++)
        {
            var r = Processes[i];
            procs[i] = r.Row with { LimitsAge = TimeSpan.FromMilliseconds(Math.Max(0, now - r.LimitsReadAtMs)) };
        }

        return new Snapshot
        {
            TakenAt = Time,
            Sequence = Sequence,
            System = System,
            Users = Users,
            Processes = procs,
            Cgroups = [.. Cgroups.Select(c => c.Usage)],
            Diagnosis = Findings,
            Sockets = Sockets,
            Warnings = Warnings,
            SampleCpu = SampleCpu,
            Events = Events,
            ForecastSeries = [.. Forecasts.Select(f => new ForecastSeries(f.Scope, f.Limit, f.RatePerMinute, f.ExhaustedIn, []))],
            Refusals = Refusals,
            Names = Names.Count == 0 ? EmptyNames : Names.ToDictionary(n => n.Path, StringComparer.Ordinal),
        };
    }
}
