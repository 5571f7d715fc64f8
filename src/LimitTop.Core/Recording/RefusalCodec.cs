using LimitTop.Core.Model;

namespace LimitTop.Core.Recording;

/// <summary>
/// Format 2's additions to a tick (docs/recording.md "Payload"): the refusal witness's summary as one section (0 = as
/// previous, 1 = none, 2 = whole summary) and the cgroups' names (a list keyed by path, <see cref="NameRowCodec"/>).
/// A refusal summary is rewritten whole when anything in it changed: it changes when a fork is refused, not every tick.
/// </summary>
public static class RefusalCodec
{
    private const byte Same = 0, None = 1, Full = 2;

    public static RefusalSummary? Encode(PayloadWriter w, RefusalSummary? prev, RefusalSummary? cur, bool first)
    {
        var normal = cur is null ? null : Normalize(cur);
        if (!first && SameSummary(prev, normal))
        {
            w.Byte(Same);
            return prev;
        }

        if (normal is null)
        {
            w.Byte(None);
            return null;
        }

        cur = normal;
        w.Byte(Full);
        Status(w, cur.Witness);
        Status(w, cur.KernelLog);
        w.Signed(cur.Total);
        w.Signed(cur.Lost);
        w.Signed(cur.LastMinute);
        List(w, cur.ByLimit, (w, x) => { w.String(x.Limit); w.Signed(x.Count); });
        List(w, cur.ByLimitUser, (w, x) => { w.String(x.Limit); w.Nullable(x.Uid); w.Signed(x.Count); });
        List(w, cur.ByLimitCgroup, (w, x) => { w.String(x.Limit); w.String(x.Cgroup); w.Signed(x.Count); });
        List(w, cur.Processes, (w, x) =>
        {
            w.Signed(x.Pid); w.String(x.Name); w.Nullable(x.Uid); w.Signed(x.LastMinute); w.String(x.Limit); w.Signed(x.Errno);
            w.Signed(x.Last.ToUnixTimeMilliseconds());
        });
        List(w, cur.Recent, (w, x) =>
        {
            w.Signed(x.Time.ToUnixTimeMilliseconds()); w.Signed(x.Pid); w.String(x.Name); w.Nullable(x.Uid); w.Signed(x.Errno); w.String(x.Limit);
            w.NullableString(x.Cgroup); w.Signed(x.Count);
        });
        List(w, cur.Kernel, (w, x) =>
        {
            w.Signed(x.Time.ToUnixTimeMilliseconds()); w.String(x.Kind); w.String(x.Text); w.Nullable(x.Pid); w.NullableString(x.Name); w.NullableString(x.Cgroup);
        });
        return cur;
    }

    /// <summary>The summary at the journal's precision (times to the millisecond, UTC).</summary>
    public static RefusalSummary Normalize(RefusalSummary s)
    {
        static DateTimeOffset Ms(DateTimeOffset t) => TickCodec.Time(t.ToUnixTimeMilliseconds());
        return s with
        {
            Processes = [.. s.Processes.Select(p => p with { Last = Ms(p.Last) })],
            Recent = [.. s.Recent.Select(e => e with { Time = Ms(e.Time) })],
            Kernel = [.. s.Kernel.Select(k => k with { Time = Ms(k.Time) })],
        };
    }

    public static RefusalSummary? Decode(PayloadReader r, RefusalSummary? prev) => r.Byte() switch
    {
        Same => prev,
        None => null,
        Full => Read(r),
        _ => throw new JournalFormatException("bad refusals section"),
    };

    private static RefusalSummary Read(PayloadReader r) => new(
        Status(r), Status(r), r.Signed(), r.Signed(), r.Signed(),
        List(r, r => new LimitCount(r.String(), r.Signed())),
        List(r, r => new LimitUserCount(r.String(), r.NullableInt32(), r.Signed())),
        List(r, r => new LimitCgroupCount(r.String(), r.String(), r.Signed())),
        List(r, r => new ProcessRefusals(r.Int32(), r.String(), r.NullableInt32(), r.Signed(), r.String(), r.Int32(), TickCodec.Time(r.Signed()))),
        List(r, r => new RefusalEvent(TickCodec.Time(r.Signed()), r.Int32(), r.String(), r.NullableInt32(), r.Int32(), r.String(), r.NullableString(), r.Signed())),
        List(r, r => new KernelLogEvent(TickCodec.Time(r.Signed()), r.String(), r.String(), r.NullableInt32(), r.NullableString(), r.NullableString())));

    /// <summary>Equal content (the records' lists compared element by element).</summary>
    public static bool SameSummary(RefusalSummary? a, RefusalSummary? b)
        => ReferenceEquals(a, b) || (a is not null && b is not null
            && a.Witness == b.Witness && a.KernelLog == b.KernelLog && a.Total == b.Total && a.Lost == b.Lost && a.LastMinute == b.LastMinute
            && a.ByLimit.SequenceEqual(b.ByLimit) && a.ByLimitUser.SequenceEqual(b.ByLimitUser) && a.ByLimitCgroup.SequenceEqual(b.ByLimitCgroup)
            && a.Processes.SequenceEqual(b.Processes) && a.Recent.SequenceEqual(b.Recent) && a.Kernel.SequenceEqual(b.Kernel));

    private static void Status(PayloadWriter w, WitnessStatus s)
    {
        w.Byte(s.Up ? (byte)1 : (byte)0);
        w.String(s.Reason);
        w.String(s.Message);
    }

    private static WitnessStatus Status(PayloadReader r) => new(r.Byte() != 0, r.String(), r.String());

    private static void List<T>(PayloadWriter w, IReadOnlyList<T> items, Action<PayloadWriter, T> write)
    {
        w.Varint((ulong)items.Count);
        foreach (var x in items)
        {
            write(w, x);
        }
    }

    private static T[] List<T>(PayloadReader r, Func<PayloadReader, T> read)
    {
        var items = new T[r.Count()];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = read(r);
        }

        return items;
    }
}

/// <summary>A cgroup's name as the namer gave it (format 2), keyed by path; replaced whole when it changes.</summary>
public sealed class NameRowCodec : RowCodec<CgroupName, string>
{
    public static readonly NameRowCodec Instance = new();

    public override string Key(CgroupName row) => row.Path;

    public override IComparer<string>? Order => StringComparer.Ordinal;

    public override void Write(PayloadWriter w, CgroupName n)
    {
        w.String(n.Path);
        w.Signed((long)n.Kind);
        w.String(n.Display);
        w.NullableString(n.Runtime);
        w.NullableString(n.Id);
        w.NullableString(n.Name);
        w.NullableString(n.Pod);
        w.NullableString(n.Namespace);
        w.NullableString(n.Unit);
        w.Nullable(n.Uid);
        w.Byte(n.Monitor ? (byte)1 : (byte)0);
        w.NullableString(n.Source);
        w.NullableString(n.Failure);
    }

    public override CgroupName Read(PayloadReader r) => new()
    {
        Path = r.String(),
        Kind = (CgroupKind)r.Int32(),
        Display = r.String(),
        Runtime = r.NullableString(),
        Id = r.NullableString(),
        Name = r.NullableString(),
        Pod = r.NullableString(),
        Namespace = r.NullableString(),
        Unit = r.NullableString(),
        Uid = r.NullableInt32(),
        Monitor = r.Byte() != 0,
        Source = r.NullableString(),
        Failure = r.NullableString(),
    };
}
