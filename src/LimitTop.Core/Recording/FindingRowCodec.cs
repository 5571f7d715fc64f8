using LimitTop.Core.Model;

namespace LimitTop.Core.Recording;

/// <summary>
/// A finding of the diagnosis, keyed by scope + limit (the list keeps the ranked order). A changed finding is a
/// patch: its message usually differs from the previous one by a number, so the message is written as the lengths
/// of the part kept at each end and the new middle. Percent is used × 100 / max (Severities.Percent) almost
/// always: then one byte, not eight that never compress.
/// </summary>
public sealed class FindingRowCodec : RowCodec<Finding, (Scope Scope, LimitKind Limit)>
{
    public static readonly FindingRowCodec Instance = new();

    private const int FieldCount = 8;
    private const ulong FullMask = (1UL << FieldCount) - 1;
    private static readonly Finding Blank = new() { Scope = Scope.System, Limit = default, Used = 0, Severity = Severity.Ok, Message = "" };

    public override (Scope Scope, LimitKind Limit) Key(Finding row) => (row.Scope, row.Limit);

    public override void Write(PayloadWriter w, Finding f)
    {
        WriteKey(w, f.Scope, f.Limit);
        WritePatch(w, Blank, f, FullMask);
    }

    public override Finding Read(PayloadReader r)
    {
        var scope = Scope.Parse(r.String());
        var limit = ReadLimit(r);
        return ReadPatch(r, Blank with { Scope = scope, Limit = limit }, FullMask);
    }

    /// <summary>A finding's or forecast's scope and limit as their texts (Model/Scope, Model/LimitKind: the same bytes in every journal format).</summary>
    internal static void WriteKey(PayloadWriter w, Scope scope, LimitKind limit)
    {
        w.String(scope.Key);
        w.String(limit.Name());
    }

    /// <summary>A limit's name read back; one this version does not know is a format error (no finding or forecast can hold it).</summary>
    internal static LimitKind ReadLimit(PayloadReader r)
    {
        string name = r.String();
        return LimitNames.Parse(name) ?? throw new JournalFormatException("a finding names a limit this version does not know: " + Text.SafeText.Escape(name));
    }

    public override ulong Diff(Finding prev, Finding cur)
    {
        if (prev.Scope != cur.Scope || prev.Limit != cur.Limit)
        {
            return Replace;
        }

        ulong m = 0;
        m |= Bit(0, prev.Used != cur.Used);
        m |= Bit(1, prev.Max != cur.Max);
        m |= Bit(2, !Nullable.Equals(prev.Percent, cur.Percent) || (prev.Percent is { } p && !BitEquals(p, cur.Percent!.Value)));
        m |= Bit(3, prev.Severity != cur.Severity);
        m |= Bit(4, !string.Equals(prev.Message, cur.Message, StringComparison.Ordinal));
        m |= Bit(5, prev.CulpritPid != cur.CulpritPid);
        m |= Bit(6, !Nullable.Equals(prev.RatePerMinute, cur.RatePerMinute));
        m |= Bit(7, prev.ExhaustedIn != cur.ExhaustedIn);
        return m;
    }

    public override Finding ApplyPatch(Finding prev, Finding cur, ulong mask) => cur;

    public override void WritePatch(PayloadWriter w, Finding prev, Finding f, ulong mask)
    {
        if (Has(mask, 0)) w.Signed(f.Used);
        if (Has(mask, 1)) w.Nullable(f.Max);
        if (Has(mask, 2))
        {
            if (f.Percent is not { } pct)
            {
                w.Byte(0);
            }
            else if (f.Max is { } m && m > 0 && BitEquals(f.Used * 100.0 / m, pct))
            {
                w.Byte(1);
            }
            else
            {
                w.Byte(2);
                w.Double(pct);
            }
        }

        if (Has(mask, 3)) w.Byte((byte)f.Severity);
        if (Has(mask, 4))
        {
            var (keep, tail) = Common(prev.Message, f.Message);
            w.Varint((ulong)keep);
            w.Varint((ulong)tail);
            w.String(f.Message[keep..^tail]);
        }

        if (Has(mask, 5)) w.Nullable(f.CulpritPid);
        if (Has(mask, 6)) w.NullableDouble(f.RatePerMinute);
        if (Has(mask, 7)) w.Nullable(f.ExhaustedIn?.Ticks);
    }

    public override Finding ReadPatch(PayloadReader r, Finding prev, ulong mask)
    {
        if (mask >> FieldCount != 0)
        {
            throw new JournalFormatException("finding field mask names a field format 1 does not have");
        }

        var f = prev;
        if (Has(mask, 0)) f = f with { Used = r.Signed() };
        if (Has(mask, 1)) f = f with { Max = r.Nullable() };
        if (Has(mask, 2))
        {
            f = f with
            {
                Percent = r.Byte() switch
                {
                    0 => null,
                    1 when f.Max is { } m && m > 0 => f.Used * 100.0 / m,
                    2 => r.Double(),
                    _ => throw new JournalFormatException("bad percent of a finding"),
                },
            };
        }

        if (Has(mask, 3)) f = f with { Severity = (Severity)Math.Min(r.Byte(), (byte)Severity.Critical) };
        if (Has(mask, 4))
        {
            ulong keep = r.Varint(), tail = r.Varint();
            string middle = r.String();
            if (keep + tail > (ulong)prev.Message.Length)
            {
                throw new JournalFormatException("message patch longer than the message");
            }

            f = f with { Message = string.Concat(prev.Message.AsSpan(0, (int)keep), middle, prev.Message.AsSpan(prev.Message.Length - (int)tail)) };
        }

        if (Has(mask, 5)) f = f with { CulpritPid = r.NullableInt32() };
        if (Has(mask, 6)) f = f with { RatePerMinute = r.NullableDouble() };
        if (Has(mask, 7)) f = f with { ExhaustedIn = r.Nullable() is { } t ? TimeSpan.FromTicks(t) : null };
        return f;
    }

    /// <summary>Lengths of the common prefix and suffix (not overlapping, never splitting a surrogate pair).</summary>
    internal static (int Keep, int Tail) Common(string a, string b)
    {
        int max = Math.Min(a.Length, b.Length);
        int keep = 0;
        while (keep < max && a[keep] == b[keep])
        {
            keep++;
        }

        if (keep > 0 && char.IsHighSurrogate(b[keep - 1]))
        {
            keep--;
        }

        int tail = 0;
        while (tail < max - keep && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
        {
            tail++;
        }

        if (tail > 0 && char.IsLowSurrogate(b[b.Length - tail]))
        {
            tail--;
        }

        return (keep, tail);
    }

    private static bool BitEquals(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    private static ulong Bit(int n, bool set) => set ? 1UL << n : 0;

    private static bool Has(ulong mask, int n) => (mask & (1UL << n)) != 0;
}
