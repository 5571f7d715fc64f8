using LimitTop.Core.Model;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Recording;

// The row layouts of format 1 (docs/recording.md): field order is the format; a new field goes at the end of a
// row and is read only from the format version that added it.

/// <summary>A user row, keyed by uid.</summary>
public sealed class UserRowCodec : RowCodec<UserUsage, int>
{
    public static readonly UserRowCodec Instance = new();

    public override int Key(UserUsage row) => row.Uid;

    public override void Write(PayloadWriter w, UserUsage u)
    {
        w.Signed(u.Uid);
        w.String(u.Name);
        w.Signed(u.Tasks);
        w.Signed(u.Processes);
        w.Signed(u.UserNamespaceTasks);
        w.Signed(u.ChargedTasks);
        w.Byte(u.Exempt ? (byte)1 : (byte)0);
        Range(w, u.Nproc);
        w.Nullable(u.NprocHeadroom);
        w.Nullable(u.SigQueued);
        Range(w, u.Sigpending);
        w.Byte(u.WorstNofile is null ? (byte)0 : (byte)1);
        if (u.WorstNofile is { } h)
        {
            w.Signed(h.Pid);
            w.String(h.Name);
            w.Signed(h.Fds);
            w.Nullable(h.Soft);
        }

        w.Nullable(u.TopPid);
    }

    public override UserUsage Read(PayloadReader r) => new()
    {
        Uid = r.Int32(),
        Name = r.String(),
        Tasks = r.Int32(),
        Processes = r.Int32(),
        UserNamespaceTasks = r.Int32(),
        ChargedTasks = r.Int32(),
        Exempt = r.Byte() != 0,
        Nproc = Range(r),
        NprocHeadroom = r.Nullable(),
        SigQueued = r.Nullable(),
        Sigpending = Range(r),
        WorstNofile = r.Byte() == 0 ? null : new NofileHolder(r.Int32(), r.String(), r.Int32(), r.Nullable()),
        TopPid = r.NullableInt32(),
    };

    private static void Range(PayloadWriter w, LimitRange x)
    {
        w.Byte(x.Known ? (byte)1 : (byte)0);
        w.Nullable(x.Min);
        w.Nullable(x.Max);
    }

    private static LimitRange Range(PayloadReader r)
    {
        bool known = r.Byte() != 0;
        return new LimitRange(r.Nullable(), r.Nullable()) { Known = known };
    }
}

/// <summary>A pids cgroup row with its display name, keyed by path.</summary>
public sealed class CgroupRowCodec : RowCodec<RecordedCgroup, string>
{
    public static readonly CgroupRowCodec Instance = new();

    public override string Key(RecordedCgroup row) => row.Usage.Path;

    public override void Write(PayloadWriter w, RecordedCgroup row)
    {
        var c = row.Usage;
        w.String(c.Path);
        w.String(row.Name);
        w.Signed(c.Version);
        w.Signed(c.PidsCurrent);
        w.Nullable(c.PidsMax);
        w.Nullable(c.PidsPeak);
        w.Nullable(c.EffectiveHeadroom);
        w.NullableString(c.BindingPath);
        w.Nullable(c.ForkRejections);
        w.Signed(c.ForkRejectionsSinceStart);
        w.Nullable(c.ForkRejectionsLocal);
        w.Signed(c.Processes);
    }

    public override RecordedCgroup Read(PayloadReader r)
    {
        string path = r.String();
        string name = r.String();
        return new RecordedCgroup(
            new CgroupUsage
            {
                Path = path,
                Version = r.Int32(),
                PidsCurrent = r.Signed(),
                PidsMax = r.Nullable(),
                PidsPeak = r.Nullable(),
                EffectiveHeadroom = r.Nullable(),
                BindingPath = r.NullableString(),
                ForkRejections = r.Nullable(),
                ForkRejectionsSinceStart = r.Signed(),
                ForkRejectionsLocal = r.Nullable(),
                Processes = r.Int32(),
            },
            name);
    }
}

/// <summary>A steady forecast, keyed by scope + limit.</summary>
public sealed class ForecastRowCodec : RowCodec<RecordedForecast, (Scope Scope, LimitKind Limit)>
{
    public static readonly ForecastRowCodec Instance = new();

    public override (Scope Scope, LimitKind Limit) Key(RecordedForecast row) => (row.Scope, row.Limit);

    public override void Write(PayloadWriter w, RecordedForecast f)
    {
        FindingRowCodec.WriteKey(w, f.Scope, f.Limit);
        w.Double(f.RatePerMinute);
        w.Nullable(f.ExhaustedIn?.Ticks);
    }

    public override RecordedForecast Read(PayloadReader r)
        => new(Scope.Parse(r.String()), FindingRowCodec.ReadLimit(r), r.Double(), r.Nullable() is { } t ? TimeSpan.FromTicks(t) : null);
}

/// <summary>An event of the log, keyed by itself (events never change; the log only gains and drops them).</summary>
public sealed class EventRowCodec : RowCodec<TrendEvent, TrendEvent>
{
    public static readonly EventRowCodec Instance = new();

    public override TrendEvent Key(TrendEvent row) => row;

    public override TrendEvent Normalize(TrendEvent row)
        => row.Time.Offset == TimeSpan.Zero && row.Time.Ticks % TimeSpan.TicksPerMillisecond == 0
            ? row
            : row with { Time = DateTimeOffset.FromUnixTimeMilliseconds(row.Time.ToUnixTimeMilliseconds()) };

    public override void Write(PayloadWriter w, TrendEvent e)
    {
        w.Signed(e.Time.ToUnixTimeMilliseconds());
        w.String(e.Kind);
        w.String(e.Scope.Key);
        w.String(e.Limit.Name);
        w.Signed(e.Count);
        w.Nullable(e.CulpritPid);
        w.NullableString(e.CulpritName);
    }

    public override TrendEvent Read(PayloadReader r) => new(
        TickCodec.Time(r.Signed()), r.String(), Scope.Parse(r.String()), EventLimit.Parse(r.String()), r.Signed(), r.NullableInt32(), r.NullableString());
}

/// <summary>A warning line, keyed by itself.</summary>
public sealed class WarningRowCodec : RowCodec<string, string>
{
    public static readonly WarningRowCodec Instance = new();

    public override string Key(string row) => row;

    public override void Write(PayloadWriter w, string row) => w.String(row);

    public override string Read(PayloadReader r) => r.String();
}
