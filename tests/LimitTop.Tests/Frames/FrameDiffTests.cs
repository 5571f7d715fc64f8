using LimitTop.Dashboard;
using LimitTop.Frames;

namespace LimitTop.Tests.Frames;

/// <summary>The frame differ: what it paints must turn the last frame into the new one, and nothing else.</summary>
public sealed class FrameDiffTests
{
    private static Screen Frame(int w, params (string Text, Tone Tone)[][] rows)
    {
        var s = new Screen(w, rows.Length);
        for (int y = 0; y < rows.Length; y++)
        {
            foreach (var (text, tone) in rows[y])
            {
                s.Lines[y].Add(text, tone);
            }
        }

        return s;
    }

    /// <summary>Applies runs to a cell grid the way the view does (Move + AddStr, one char per column).</summary>
    private static void Apply(char[,] cells, Tone[,] tones, List<PaintRun> runs)
    {
        foreach (var r in runs)
        {
            for (int i = 0; i < r.Text.Length; i++)
            {
                cells[r.Y, r.X + i] = r.Text[i];
                tones[r.Y, r.X + i] = r.Tone;
            }
        }
    }

    [Fact]
    public void First_frame_is_painted_whole_including_the_fill()
    {
        var d = new FrameDiff();
        var runs = d.Diff(Frame(10, [("ab", Tone.Title)], [("c", Tone.Normal)]));
        Assert.Equal(20, d.CellsPainted);
        Assert.Equal(new PaintRun(0, 0, "ab", Tone.Title), runs[0]);
        Assert.Equal(new PaintRun(2, 0, "        ", Tone.Normal), runs[1]);
        Assert.Equal(new PaintRun(0, 1, "c         ", Tone.Normal), runs[2]);
    }

    [Fact]
    public void Unchanged_frame_paints_nothing()
    {
        var d = new FrameDiff();
        d.Diff(Frame(20, [("cpu 1.0", Tone.Normal)], [("x", Tone.Dim)]));
        var runs = d.Diff(Frame(20, [("cpu 1.0", Tone.Normal)], [("x", Tone.Dim)]));
        Assert.Empty(runs);
        Assert.Equal(0, d.CellsPainted);
    }

    [Fact]
    public void Only_the_changed_columns_are_painted_and_a_tone_change_counts()
    {
        var d = new FrameDiff();
        d.Diff(Frame(20, [("load ", Tone.Label), ("1.25", Tone.Normal), (" ok", Tone.Ok)]));
        var runs = d.Diff(Frame(20, [("load ", Tone.Label), ("1.75", Tone.Normal), (" ok", Tone.Critical)]));
        Assert.Equal([new PaintRun(7, 0, "75", Tone.Normal), new PaintRun(9, 0, " ok", Tone.Critical)], runs);
    }

    [Fact]
    public void Random_frames_applied_in_turn_always_equal_the_last_frame()
    {
        var rng = new Random(7);
        var d = new FrameDiff();
        const int w = 30, h = 6;
        var cells = new char[h, w];
        var tones = new Tone[h, w];
        string alphabet = "ab 0123|!…·→";
        for (int round = 0; round < 200; round++)
        {
            var s = new Screen(w, h);
            for (int y = 0; y < h; y++)
            {
                int len = rng.Next(0, w + 1);
                int x = 0;
                while (x < len)
                {
                    int n = Math.Min(len - x, rng.Next(1, 6));
                    var text = new string(Enumerable.Range(0, n).Select(_ => alphabet[rng.Next(alphabet.Length)]).ToArray());
                    s.Lines[y].Add(text, (Tone)rng.Next(4));
                    x += n;
                }

                s.Lines[y].Fill = (Tone)rng.Next(2);
            }

            if (round % 50 == 49)
            {
                d.Invalidate();
            }

            Apply(cells, tones, d.Diff(s));
            for (int y = 0; y < h; y++)
            {
                var expected = s.Lines[y].Text.PadRight(w);
                Assert.Equal(expected, new string(Enumerable.Range(0, w).Select(x => cells[y, x]).ToArray()));
                int col = 0;
                foreach (var span in s.Lines[y].Spans)
                {
                    for (int i = 0; i < span.Text.Length; i++, col++)
                    {
                        Assert.Equal(span.Tone, tones[y, col]);
                    }
                }

                for (; col < w; col++)
                {
                    Assert.Equal(s.Lines[y].Fill, tones[y, col]);
                }
            }
        }
    }

    [Fact]
    public void Rows_with_wide_or_combining_chars_are_repainted_whole_every_time()
    {
        var d = new FrameDiff();
        d.Diff(Frame(12, [("名前", Tone.Normal)], [("plain", Tone.Normal)]));
        var runs = d.Diff(Frame(12, [("名前", Tone.Normal)], [("plain", Tone.Normal)]));
        Assert.Equal([new PaintRun(0, 0, "名前", Tone.Normal), new PaintRun(2, 0, new string(' ', 10), Tone.Normal)], runs);

        // back to plain text: the row is painted whole once (what the terminal holds is unknown), then diffed
        runs = d.Diff(Frame(12, [("abc", Tone.Normal)], [("plain", Tone.Normal)]));
        Assert.Equal(12, d.CellsPainted);
        Assert.Empty(d.Diff(Frame(12, [("abc", Tone.Normal)], [("plain", Tone.Normal)])));
    }

    [Fact]
    public void A_resize_paints_everything()
    {
        var d = new FrameDiff();
        d.Diff(Frame(10, [("x", Tone.Normal)]));
        d.Diff(Frame(11, [("x", Tone.Normal)]));
        Assert.Equal(11, d.CellsPainted);
    }

    [Theory]
    [InlineData('a', true)]
    [InlineData('é', true)]
    [InlineData('…', true)]
    [InlineData('│', true)]
    [InlineData('\u0301', false)] // combining acute
    [InlineData('\u200b', false)] // zero width space
    [InlineData('名', false)]
    [InlineData('\u0007', false)]
    public void One_column_chars(char c, bool one) => Assert.Equal(one, FrameDiff.OneColumn(c));
}
