namespace LimitTop.Core.Model;

/// <summary>
/// What an event is about: one of the limits (<see cref="LimitKind"/>: a finding's, a fork refused by pids.max), or,
/// for the refusal witness and the kernel log, what else refused or what the kernel reported, as the witness spells
/// it (<see cref="RefusalLimits"/>: memory, seccomp, "unknown (EAGAIN)"; Witness/KernelLogParser: oom-kill,
/// conntrack-full …). Its <see cref="Name"/> is the event's <c>limit</c> text (JSON, journal, screen), byte for byte:
/// a limit's from <see cref="LimitNames"/>, any other kept as given; <see cref="Parse"/> reads every text back.
/// </summary>
public readonly record struct EventLimit
{
    private readonly string? _other;

    private EventLimit(LimitKind? kind, string? other)
    {
        Kind = kind;
        _other = other;
    }

    /// <summary>The limit, or null when the event is about something else (<see cref="Name"/> says what).</summary>
    public LimitKind? Kind { get; }

    public string Name => Kind is { } k ? k.Name() : _other ?? "";

    public override string ToString() => Name;

    public static implicit operator EventLimit(LimitKind kind) => FromLimitKind(kind);

    public static EventLimit FromLimitKind(LimitKind kind) => new(kind, null);

    /// <summary>An event's limit text read back (a limit's name is its kind; any other text is kept whole).</summary>
    public static EventLimit Parse(string name) => LimitNames.Parse(name) is { } kind ? new(kind, null) : new(null, name);
}
