using LimitTop.Core.Model;
using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

public sealed class ListDiffTests
{
    private static Finding F(int key, int used) => new()
    {
        Scope = Scope.User("u" + key), Limit = LimitKind.Nproc, Used = used, Max = 100, Percent = used, Severity = Severity.Ok, Message = $"u{key} uses {used} of 100",
    };

    /// <summary>Random edits (re-ranking, removals in runs, insertions, changes, duplicates): the reader always rebuilds the list.</summary>
    [Fact]
    public void Any_edit_of_a_list_reads_back_exactly_and_the_writer_mirror_is_what_the_reader_holds()
    {
        var rng = new Random(5);
        var prev = Enumerable.Range(0, 50).Select(k => F(k, k)).ToArray();
        var readerPrev = prev;
        for (int round = 0; round < 500; round++)
        {
            var cur = prev.ToList();
            int edits = rng.Next(1, 8);
            for (int e = 0; e < edits && cur.Count > 0; e++)
            {
                switch (rng.Next(6))
                {
                    case 0: { int at = rng.Next(cur.Count); cur.RemoveRange(at, Math.Min(cur.Count - at, rng.Next(1, 30))); break; }
                    case 1: cur.Insert(rng.Next(cur.Count + 1), F(1000 + rng.Next(100), rng.Next(100))); break;
                    case 2: { int i = rng.Next(cur.Count); cur[i] = F(int.Parse(cur[i].Scope.Id[1..], System.Globalization.CultureInfo.InvariantCulture), rng.Next(100)); break; }
                    case 3: cur = [.. cur.OrderByDescending(f => f.Used)]; break;
                    case 4: { int i = rng.Next(cur.Count), j = rng.Next(cur.Count); (cur[i], cur[j]) = (cur[j], cur[i]); break; }
                    default: cur.Add(cur[rng.Next(cur.Count)]); break; // a duplicate key
                }
            }

            var w = new PayloadWriter();
            var mirror = ListDiff.Encode(w, FindingRowCodec.Instance, prev, cur);
            var bytes = w.Written.ToArray();
            var back = ListDiff.Decode(new PayloadReader(bytes, bytes.Length), FindingRowCodec.Instance, readerPrev);
            Assert.Equal(cur, back);
            Assert.Equal(mirror, back);
            prev = mirror;
            readerPrev = back;
        }
    }
}
