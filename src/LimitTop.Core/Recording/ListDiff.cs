namespace LimitTop.Core.Recording;

/// <summary>
/// A list as the operations that turn the previous tick's list into this one, order preserved (docs/recording.md
/// "Payload"): runs of unchanged rows cost one number. The writer keeps what the reader will hold (the returned
/// "mirror"), so it always diffs against the reader's view, never against rows the reader did not get.
/// </summary>
public static class ListDiff
{
    private const byte End = 0;
    private const byte Copy = 1;
    private const byte Skip = 2;
    private const byte Insert = 3;
    private const byte ReplaceOp = 4;
    private const byte Patch = 5;
    private const byte From = 6;

    /// <summary>Writes <paramref name="cur"/> against <paramref name="prev"/> and returns the rows the reader rebuilds.</summary>
    public static T[] Encode<T, TKey>(PayloadWriter w, RowCodec<T, TKey> codec, IReadOnlyList<T> prev, IReadOnlyList<T> cur)
        where T : class
        where TKey : notnull
    {
        var mirror = new T[cur.Count];
        Dictionary<TKey, int>? index = null;
        Dictionary<TKey, int>? wanted = null;
        var order = codec.Order is { } o && Sorted(codec, o, prev) && Sorted(codec, o, cur) ? o : null;
        int i = 0, j = 0, copies = 0;
        while (i < cur.Count)
        {
            // A codec whose Diff sees through normalization (processes: CPU% to tenths) normalizes a row only when it is
            // written: an unchanged row costs no copy (2,000 rows a tick).
            var raw = cur[i];
            var row = codec.DiffsRaw ? raw : codec.Normalize(raw);
            var key = codec.Key(row);
            if (j < prev.Count && EqualityComparer<TKey>.Default.Equals(codec.Key(prev[j]), key))
            {
                ulong mask = codec.Diff(prev[j], row);
                if (mask == 0)
                {
                    copies++;
                    mirror[i] = prev[j];
                }
                else
                {
                    Flush(w, ref copies);
                    row = Normal(codec, raw, row);
                    if (mask == RowCodec<T, TKey>.Replace)
                    {
                        w.Byte(ReplaceOp);
                        codec.Write(w, row);
                        mirror[i] = row;
                    }
                    else
                    {
                        w.Byte(Patch);
                        w.Varint(mask);
                        codec.WritePatch(w, prev[j], row, mask);
                        mirror[i] = codec.ApplyPatch(prev[j], row, mask);
                    }
                }

                i++;
                j++;
                continue;
            }

            if (order is not null)
            {
                // both lists in key order: previous rows with smaller keys are gone; a larger one means this row is new
                int gone = 0;
                while (j + gone < prev.Count && order.Compare(codec.Key(prev[j + gone]), key) < 0)
                {
                    gone++;
                }

                Flush(w, ref copies);
                if (gone > 0)
                {
                    w.Byte(Skip);
                    w.Varint((ulong)gone);
                    j += gone;
                    continue;
                }

                row = Normal(codec, raw, row);
                w.Byte(Insert);
                codec.Write(w, row);
                mirror[i++] = row;
                continue;
            }

            // prev[j] is not this row: skip the previous rows this tick no longer wants here (gone, or already
            // written), then take this row from its previous version wherever it was (a finding re-ranked), or insert it
            int skip = 0;
            while (j + skip < prev.Count && (wanted ??= WantedAt(codec, cur)) is not null && (!wanted.TryGetValue(codec.Key(prev[j + skip]), out int at) || at < i))
            {
                skip++;
            }

            if (skip > 0)
            {
                Flush(w, ref copies);
                w.Byte(Skip);
                w.Varint((ulong)skip);
                j += skip;
                continue;
            }

            int k = -1;
            bool known = prev.Count > 0 && (index ??= IndexOf(codec, prev)).TryGetValue(key, out k);
            Flush(w, ref copies);
            row = Normal(codec, raw, row);
            if (known)
            {
                // a row that moved (a finding re-ranked): based on its previous version wherever it was
                w.Byte(From);
                w.Varint((ulong)k);
                ulong mask = codec.Diff(prev[k], row);
                if (mask == 0)
                {
                    w.Byte(0);
                    mirror[i++] = prev[k];
                }
                else if (mask == RowCodec<T, TKey>.Replace)
                {
                    w.Byte(2);
                    codec.Write(w, row);
                    mirror[i++] = row;
                }
                else
                {
                    w.Byte(1);
                    w.Varint(mask);
                    codec.WritePatch(w, prev[k], row, mask);
                    mirror[i++] = codec.ApplyPatch(prev[k], row, mask);
                }

                continue;
            }

            w.Byte(Insert);
            codec.Write(w, row);
            mirror[i++] = row;
        }

        Flush(w, ref copies);
        w.Byte(End);
        return mirror;
    }

    private static T Normal<T, TKey>(RowCodec<T, TKey> codec, T raw, T row)
        where T : class
        where TKey : notnull
        => codec.DiffsRaw ? codec.Normalize(raw) : row;

    /// <summary>Reads the operations written by <see cref="Encode"/> against <paramref name="prev"/>.</summary>
    public static T[] Decode<T, TKey>(PayloadReader r, RowCodec<T, TKey> codec, IReadOnlyList<T> prev)
        where T : class
        where TKey : notnull
    {
        var rows = new List<T>(prev.Count);
        int j = 0;
        while (true)
        {
            byte op = r.Byte();
            switch (op)
            {
                case End:
                    return [.. rows];
                case Copy:
                    int n = Take(r, prev.Count - j);
                    for (int x = 0; x < n; x++)
                    {
                        rows.Add(prev[j++]);
                    }

                    break;
                case Skip:
                    j += Take(r, prev.Count - j);
                    break;
                case Insert:
                    rows.Add(codec.Read(r));
                    break;
                case ReplaceOp:
                    Take1(prev.Count - j);
                    rows.Add(codec.Read(r));
                    j++;
                    break;
                case Patch:
                    Take1(prev.Count - j);
                    ulong mask = r.Varint();
                    rows.Add(codec.ReadPatch(r, prev[j++], mask));
                    break;
                case From:
                    ulong k = r.Varint();
                    if (k >= (ulong)prev.Count)
                    {
                        throw new JournalFormatException("list row taken from past the previous tick's rows");
                    }

                    var basis = prev[(int)k];
                    rows.Add(r.Byte() switch
                    {
                        0 => basis,
                        1 => codec.ReadPatch(r, basis, r.Varint()),
                        2 => codec.Read(r),
                        _ => throw new JournalFormatException("bad list row source"),
                    });
                    break;
                default:
                    throw new JournalFormatException($"unknown list operation {op}");
            }

            if (rows.Count > 10_000_000)
            {
                throw new JournalFormatException("list longer than any host has rows");
            }
        }
    }

    private static int Take(PayloadReader r, int left)
    {
        ulong n = r.Varint();
        if (n > (ulong)left)
        {
            throw new JournalFormatException("list operation past the previous tick's rows");
        }

        return (int)n;
    }

    private static void Take1(int left)
    {
        if (left < 1)
        {
            throw new JournalFormatException("list operation past the previous tick's rows");
        }
    }

    private static void Flush(PayloadWriter w, ref int copies)
    {
        if (copies > 0)
        {
            w.Byte(Copy);
            w.Varint((ulong)copies);
            copies = 0;
        }
    }

    private static bool Sorted<T, TKey>(RowCodec<T, TKey> codec, IComparer<TKey> order, IReadOnlyList<T> rows)
        where T : class
        where TKey : notnull
    {
        for (int k = 1; k < rows.Count; k++)
        {
            if (order.Compare(codec.Key(rows[k - 1]), codec.Key(rows[k])) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where each key is first wanted in this tick's list.</summary>
    private static Dictionary<TKey, int> WantedAt<T, TKey>(RowCodec<T, TKey> codec, IReadOnlyList<T> cur)
        where T : class
        where TKey : notnull
    {
        var d = new Dictionary<TKey, int>(cur.Count);
        for (int k = 0; k < cur.Count; k++)
        {
            d.TryAdd(codec.Key(codec.Normalize(cur[k])), k);
        }

        return d;
    }

    private static Dictionary<TKey, int> IndexOf<T, TKey>(RowCodec<T, TKey> codec, IReadOnlyList<T> prev)
        where T : class
        where TKey : notnull
    {
        var d = new Dictionary<TKey, int>(prev.Count);
        for (int k = 0; k < prev.Count; k++)
        {
            d.TryAdd(codec.Key(prev[k]), k);
        }

        return d;
    }
}
