namespace LimitTop.Core.Model;

public enum Severity
{
    Ok = 0,
    Warning = 1,
    Critical = 2,
}

/// <summary>One limit and how close it is: a row of the diagnosis.</summary>
public sealed record Finding
{
    /// <summary>The system, a user or a cgroup (its text, "user:NAME" …, is <see cref="Model.Scope.Key"/>).</summary>
    public required Scope Scope { get; init; }

    /// <summary>The limit (its text, "nproc" …, is <see cref="LimitNames.Name"/>).</summary>
    public required LimitKind Limit { get; init; }

    public required long Used { get; init; }

    /// <summary>The binding limit; null when unlimited.</summary>
    public long? Max { get; init; }

    /// <summary>Used / Max × 100; null when unlimited.</summary>
    public double? Percent { get; init; }

    public required Severity Severity { get; init; }

    /// <summary>One sentence a tired admin understands.</summary>
    public required string Message { get; init; }

    /// <summary>The process that spends most of this limit, when there is one.</summary>
    public int? CulpritPid { get; init; }

    /// <summary>Rate of the figure per minute while its trend is steady (Trends/SteadyRule); null otherwise.</summary>
    public double? RatePerMinute { get; init; }

    /// <summary>
    /// Task creations this scope's limit refused in the last 60 s, as the refusal witness saw them (Core/Witness);
    /// 0 when none or no witness. A refusing scope ranks before everything else (Analysis/RefusalHeadline, Trends/ForecastWords.Rank).
    /// </summary>
    public long RefusedLastMinute { get; init; }

    /// <summary>Time until <see cref="Max"/> at that rate; null without a steady rise or a limit.</summary>
    public TimeSpan? ExhaustedIn { get; init; }
}
