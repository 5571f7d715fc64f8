namespace LimitTop.Core.Model;

/// <summary>
/// One immutable sample of the host: everything the screen, <c>--once</c> and a dump show comes from here.
/// </summary>
public sealed record Snapshot
{
    public required DateTimeOffset TakenAt { get; init; }

    /// <summary>Monotonic sample number, starting at 1.</summary>
    public required long Sequence { get; init; }

    public required SystemUsage System { get; init; }

    /// <summary>One row per real uid that owns at least one task, most tasks first.</summary>
    public required IReadOnlyList<UserUsage> Users { get; init; }

    /// <summary>Every process (thread-group leader) visible in /proc, in PID order.</summary>
    public required IReadOnlyList<ProcessSample> Processes { get; init; }

    /// <summary>pids cgroups that hold a process, plus ancestors that set a pids.max; tightest first.</summary>
    public required IReadOnlyList<CgroupUsage> Cgroups { get; init; }

    /// <summary>Every limit ranked by how close it is (highest percent first).</summary>
    public required IReadOnlyList<Finding> Diagnosis { get; init; }

    private GradesSlot? _graded;

    /// <summary>
    /// Severities, ranks and percents for the views. The collector (Core/Pipeline) grades each tick's snapshot as
    /// its last step; a snapshot made anywhere else (a test's) is graded on first use, and so is a <c>with</c> copy
    /// (the grades belong to the instance they were computed for).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Grades Grades
    {
        get
        {
            if (_graded is null || !ReferenceEquals(_graded.Owner, this))
            {
                _graded = new GradesSlot(this, Grades.Of(this));
            }

            return _graded.Grades;
        }

        init => _graded = new GradesSlot(this, value);
    }

    /// <summary>Socket summary; null when sockets were not sampled.</summary>
    public SocketSummary? Sockets { get; init; }

    /// <summary>Things the sampler could not read, in words (e.g. "fd counts of 12 processes: permission denied").</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>CPU time the sampler itself spent on this snapshot.</summary>
    public TimeSpan SampleCpu { get; init; }

    /// <summary>The event log as of this snapshot, oldest first (empty without a Trends.TrendTracker).</summary>
    public IReadOnlyList<TrendEvent> Events { get; init; } = [];

    /// <summary>The series behind each steady forecast of <see cref="Diagnosis"/>, for a dump; empty without a tracker.</summary>
    public IReadOnlyList<ForecastSeries> ForecastSeries { get; init; } = [];

    /// <summary>
    /// What the refusal witness saw (Core/Witness): refused task creations attributed to their limit, the kernel log's
    /// lines; null when no witness ran for this snapshot (a test's, --no-witness still sets a summary saying why).
    /// </summary>
    public RefusalSummary? Refusals { get; init; }

    /// <summary>
    /// Cgroup paths named as the admin knows them (Core/Naming): every pids cgroup of <see cref="Cgroups"/> and every
    /// process's <see cref="ProcessSample.Cgroup"/>, keyed by path; empty when no namer ran (show the path).
    /// </summary>
    public IReadOnlyDictionary<string, CgroupName> Names { get; init; } = EmptyNames;

    /// <summary>The Kubernetes node's pid budget when a kubelet config is present (Core/Naming/KubeNodeRow); null otherwise.</summary>
    public KubeNodeUsage? KubeNode { get; init; }

    private static readonly IReadOnlyDictionary<string, CgroupName> EmptyNames = new Dictionary<string, CgroupName>();

    /// <summary>The grades and the instance they belong to; equal to every other slot, so record equality ignores it.</summary>
    private sealed class GradesSlot(Snapshot owner, Grades grades)
    {
        public Snapshot Owner { get; } = owner;

        public Grades Grades { get; } = grades;

        public override bool Equals(object? obj) => obj is GradesSlot;

        public override int GetHashCode() => 0;
    }
}
