using LimitTop.Core.Model;

namespace LimitTop.Core.Recording;

/// <summary>
/// A process row, keyed by pid + start time (a reused pid is another process). A changed row carries a mask of the
/// fields that moved: usually CPU% and RSS. Precision: CPU% in tenths; the limits' read time is kept only when the
/// limits change or it drifts by more than <see cref="LimitsAgeSlack"/> (nothing shows the age; re-reading the
/// same limits every few seconds must not cost a patch per process).
/// </summary>
public sealed class ProcessRowCodec : RowCodec<RecordedProcess, (int Pid, ulong Start)>
{
    /// <summary>Formats 1 and 2: mask bit n is field n.</summary>
    public static readonly ProcessRowCodec Instance = new(null);

    /// <summary>
    /// Format 3: the mask's low bits name the fields that change most (CPU%, RSS, fds, threads, state, sockets), so
    /// the usual patch's mask is one varint byte instead of two or three.
    /// </summary>
    public static readonly ProcessRowCodec HotFirst = new([13, 12, 8, 7, 6, 17, 10, 0, 1, 2, 3, 4, 5, 9, 11, 14, 15, 16]);

    /// <summary>The field of each mask bit on the wire (null: the same number).</summary>
    private readonly int[]? _fieldOfBit;

    private ProcessRowCodec(int[]? fieldOfBit) => _fieldOfBit = fieldOfBit;

    /// <summary>The codec of a segment of format <paramref name="format"/>.</summary>
    public static ProcessRowCodec Of(int format) => format >= 3 ? HotFirst : Instance;

    /// <summary>How far the recorded limits read time may lag the real one (ms).</summary>
    public const long LimitsAgeSlack = 300_000;

    private const int FieldCount = 18;
    private const ulong FullMask = (1UL << FieldCount) - 1;

    public override (int Pid, ulong Start) Key(RecordedProcess row) => (row.Row.Pid, row.Row.StartTicks);

    public override IComparer<(int Pid, ulong Start)> Order => Comparer<(int Pid, ulong Start)>.Default;

    /// <summary>Diff compares CPU% at the journal's precision and never the limits' age: normalizing changes no bit.</summary>
    public override bool DiffsRaw => true;

    private static double? NormalCpu(double? cpu) => cpu is { } c ? Tenths(c) / 10.0 : null;

    public override RecordedProcess Normalize(RecordedProcess row)
    {
        var p = row.Row;
        double? cpu = NormalCpu(p.CpuPercent);
        return p.LimitsAge == TimeSpan.Zero && Nullable.Equals(cpu, p.CpuPercent)
            ? row
            : row with { Row = p with { CpuPercent = cpu, LimitsAge = TimeSpan.Zero } };
    }

    public override void Write(PayloadWriter w, RecordedProcess row)
    {
        w.Signed(row.Row.Pid);
        w.Varint(row.Row.StartTicks);
        WritePatch(w, row, row, FullMask);
    }

    public override RecordedProcess Read(PayloadReader r)
    {
        var blank = new ProcessSample
        {
            Pid = r.Int32(),
            StartTicks = r.Varint(),
            Ppid = 0, Uid = 0, Euid = 0, User = "", Name = "", Cmdline = "", State = '?', Threads = 0,
        };
        return ReadPatch(r, new RecordedProcess(blank, 0), FullMask);
    }

    public override ulong Diff(RecordedProcess prev, RecordedProcess cur)
    {
        var a = prev.Row;
        var b = cur.Row;
        ulong m = 0;
        m |= Bit(0, a.Ppid != b.Ppid);
        m |= Bit(1, a.Uid != b.Uid);
        m |= Bit(2, a.Euid != b.Euid);
        m |= Bit(3, !string.Equals(a.User, b.User, StringComparison.Ordinal));
        m |= Bit(4, !string.Equals(a.Name, b.Name, StringComparison.Ordinal));
        m |= Bit(5, !string.Equals(a.Cmdline, b.Cmdline, StringComparison.Ordinal));
        m |= Bit(6, a.State != b.State);
        m |= Bit(7, a.Threads != b.Threads);
        m |= Bit(8, a.Fds != b.Fds);
        m |= Bit(9, a.Limits != b.Limits || Math.Abs(prev.LimitsReadAtMs - cur.LimitsReadAtMs) > LimitsAgeSlack);
        m |= Bit(10, a.SigQueued != b.SigQueued);
        m |= Bit(11, !string.Equals(a.Cgroup, b.Cgroup, StringComparison.Ordinal) || a.CgroupVersion != b.CgroupVersion);
        m |= Bit(12, a.RssBytes != b.RssBytes);
        m |= Bit(13, !Nullable.Equals(a.CpuPercent, NormalCpu(b.CpuPercent)));
        m |= Bit(14, a.IsKernelThread != b.IsKernelThread || a.SocketsPending != b.SocketsPending);
        m |= Bit(15, a.UserNamespaceOwner != b.UserNamespaceOwner);
        m |= Bit(16, !string.Equals(a.NprocExempt, b.NprocExempt, StringComparison.Ordinal));
        m |= Bit(17, a.Sockets != b.Sockets);
        return m == 0 || m == FullMask || _fieldOfBit is null ? m : ToWire(m);
    }

    private ulong ToWire(ulong fields)
    {
        ulong wire = 0;
        for (int k = 0; k < FieldCount; k++)
        {
            wire |= Bit(k, Has(fields, _fieldOfBit![k]));
        }

        return wire;
    }

    private ulong Fields(ulong wire)
    {
        if (wire == FullMask || _fieldOfBit is null)
        {
            return wire;
        }

        ulong fields = 0;
        for (int k = 0; k < FieldCount; k++)
        {
            fields |= Bit(_fieldOfBit[k], Has(wire, k));
        }

        return fields | (wire & ~FullMask); // (a bit beyond the fields is refused by ReadPatch)
    }

    public override void WritePatch(PayloadWriter w, RecordedProcess prev, RecordedProcess cur, ulong mask)
    {
        mask = Fields(mask);
        var p = cur.Row;
        if (Has(mask, 0)) w.Signed(p.Ppid);
        if (Has(mask, 1)) w.Signed(p.Uid);
        if (Has(mask, 2)) w.Signed(p.Euid);
        if (Has(mask, 3)) w.String(p.User);
        if (Has(mask, 4)) w.String(p.Name);
        if (Has(mask, 5)) w.String(p.Cmdline);
        if (Has(mask, 6)) w.Varint(p.State);
        if (Has(mask, 7)) w.Signed(p.Threads);
        if (Has(mask, 8)) w.Nullable(p.Fds);
        if (Has(mask, 9))
        {
            w.Signed(cur.LimitsReadAtMs);
            w.Byte(p.Limits is null ? (byte)0 : (byte)1);
            if (p.Limits is { } l)
            {
                Pair(w, l.Nproc);
                Pair(w, l.Nofile);
                Pair(w, l.Sigpending);
            }
        }

        if (Has(mask, 10)) w.Nullable(p.SigQueued);
        if (Has(mask, 11))
        {
            w.NullableString(p.Cgroup);
            w.Nullable(p.CgroupVersion);
        }

        // RSS as the change from the previous row, except in a full row
        if (Has(mask, 12)) w.Signed(mask == FullMask ? p.RssBytes : p.RssBytes - prev.Row.RssBytes);
        if (Has(mask, 13)) w.Nullable(p.CpuPercent is { } c ? Tenths(c) : null);
        if (Has(mask, 14)) w.Byte((byte)((p.IsKernelThread ? 1 : 0) | (p.SocketsPending ? 2 : 0)));
        if (Has(mask, 15)) w.Nullable(p.UserNamespaceOwner);
        if (Has(mask, 16)) w.NullableString(p.NprocExempt);
        if (Has(mask, 17)) w.Nullable(p.Sockets);
    }

    public override RecordedProcess ReadPatch(PayloadReader r, RecordedProcess prev, ulong mask)
    {
        mask = Fields(mask);
        if (mask >> FieldCount != 0)
        {
            throw new JournalFormatException("process field mask names a field format 1 does not have");
        }

        var p = prev.Row;
        long readAt = prev.LimitsReadAtMs;
        bool full = mask == FullMask;
        if (Has(mask, 0)) p = p with { Ppid = r.Int32() };
        if (Has(mask, 1)) p = p with { Uid = r.Int32() };
        if (Has(mask, 2)) p = p with { Euid = r.Int32() };
        if (Has(mask, 3)) p = p with { User = r.String() };
        if (Has(mask, 4)) p = p with { Name = r.String() };
        if (Has(mask, 5)) p = p with { Cmdline = r.String() };
        if (Has(mask, 6)) p = p with { State = (char)Math.Min(r.Varint(), char.MaxValue) };
        if (Has(mask, 7)) p = p with { Threads = r.Int32() };
        if (Has(mask, 8)) p = p with { Fds = r.NullableInt32() };
        if (Has(mask, 9))
        {
            readAt = r.Signed();
            p = p with { Limits = r.Byte() == 0 ? null : new ProcessLimits(Pair(r), Pair(r), Pair(r)) };
        }

        if (Has(mask, 10)) p = p with { SigQueued = r.Nullable() };
        if (Has(mask, 11)) p = p with { Cgroup = r.NullableString(), CgroupVersion = r.NullableInt32() };
        if (Has(mask, 12)) p = p with { RssBytes = full ? r.Signed() : p.RssBytes + r.Signed() };
        if (Has(mask, 13)) p = p with { CpuPercent = r.Nullable() is { } t ? t / 10.0 : null };
        if (Has(mask, 14))
        {
            byte f = r.Byte();
            p = p with { IsKernelThread = (f & 1) != 0, SocketsPending = (f & 2) != 0 };
        }

        if (Has(mask, 15)) p = p with { UserNamespaceOwner = r.NullableInt32() };
        if (Has(mask, 16)) p = p with { NprocExempt = r.NullableString() };
        if (Has(mask, 17)) p = p with { Sockets = r.NullableInt32() };
        return new RecordedProcess(p, readAt);
    }

    public override RecordedProcess ApplyPatch(RecordedProcess prev, RecordedProcess cur, ulong mask)
        => Has(Fields(mask), 9) ? cur : cur with { Row = cur.Row with { Limits = prev.Row.Limits }, LimitsReadAtMs = prev.LimitsReadAtMs };

    private static long Tenths(double c) => (long)Math.Round(c * 10, MidpointRounding.AwayFromZero);

    private static void Pair(PayloadWriter w, LimitPair p)
    {
        w.Nullable(p.Soft);
        w.Nullable(p.Hard);
    }

    private static LimitPair Pair(PayloadReader r) => new(r.Nullable(), r.Nullable());

    private static ulong Bit(int n, bool set) => set ? 1UL << n : 0;

    private static bool Has(ulong mask, int n) => (mask & (1UL << n)) != 0;
}
