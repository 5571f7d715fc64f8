namespace LimitTop.Frames;

/// <summary>A piece of a frame to paint: <see cref="Text"/> in <see cref="Tone"/> at column X of row Y.</summary>
public readonly record struct PaintRun(int X, int Y, string Text, Tone Tone);

/// <summary>
/// Remembers the cells of the last frame painted and turns the next frame into the runs that differ. Painting a
/// cell through Terminal.Gui costs about a microsecond (grapheme split, width lookup, a lock per cell), so a full
/// 160×50 frame each second was most of the dashboard's CPU; between two ticks usually a few numbers change.
/// Rows holding characters whose width is not plainly one column (CJK, emoji, combining marks) are repainted
/// whole, as spans, exactly as before: the per-column comparison is only trusted where a char is a column.
/// </summary>
public sealed class FrameDiff
{
    private char[] _chars = [];
    private Tone[] _tones = [];
    private bool[] _complex = [];
    private char[] _rowChars = [];
    private Tone[] _rowTones = [];
    private int _width = -1;
    private int _height = -1;
    private bool _valid;

    /// <summary>Cells compared in the last <see cref="Diff"/> that were painted (tests and the benchmark read it).</summary>
    public int CellsPainted { get; private set; }

    /// <summary>Forget the last frame: the next <see cref="Diff"/> paints everything (after a clear, a dialog, Ctrl+L).</summary>
    public void Invalidate() => _valid = false;

    /// <summary>The runs that turn the last painted frame into <paramref name="screen"/>; remembers it as painted.</summary>
    public List<PaintRun> Diff(Screen screen)
    {
        int w = screen.Width, h = screen.Height;
        if (w != _width || h != _height)
        {
            _width = w;
            _height = h;
            _chars = new char[w * h];
            _tones = new Tone[w * h];
            _complex = new bool[h];
            _rowChars = new char[w];
            _rowTones = new Tone[w];
            _valid = false;
        }

        var runs = new List<PaintRun>();
        CellsPainted = 0;
        for (int y = 0; y < h; y++)
        {
            var line = screen.Lines[y];
            if (!Flatten(line, w))
            {
                // Not one char per column: paint the spans as they are, and compare nothing next time.
                int x = 0;
                foreach (var span in line.Spans)
                {
                    runs.Add(new PaintRun(x, y, span.Text, span.Tone));
                    x += span.Text.Length;
                }

                if (x < w)
                {
                    runs.Add(new PaintRun(x, y, new string(' ', w - x), line.Fill));
                }

                CellsPainted += w;
                _complex[y] = true;
                continue;
            }

            int row = y * w;
            int first = 0, last = w - 1;
            if (_valid && !_complex[y])
            {
                while (first < w && _chars[row + first] == _rowChars[first] && _tones[row + first] == _rowTones[first])
                {
                    first++;
                }

                if (first == w)
                {
                    continue; // row unchanged
                }

                while (_chars[row + last] == _rowChars[last] && _tones[row + last] == _rowTones[last])
                {
                    last--;
                }
            }

            for (int start = first; start <= last;)
            {
                int end = start + 1;
                while (end <= last && _rowTones[end] == _rowTones[start])
                {
                    end++;
                }

                runs.Add(new PaintRun(start, y, new string(_rowChars, start, end - start), _rowTones[start]));
                start = end;
            }

            CellsPainted += last - first + 1;
            Array.Copy(_rowChars, 0, _chars, row, w);
            Array.Copy(_rowTones, 0, _tones, row, w);
            _complex[y] = false;
        }

        _valid = true;
        return runs;
    }

    /// <summary>Spreads <paramref name="line"/> over the row buffers; false when a char is not plainly one column.</summary>
    private bool Flatten(StyledLine line, int w)
    {
        int x = 0;
        foreach (var span in line.Spans)
        {
            foreach (char c in span.Text)
            {
                if (x >= w || !OneColumn(c))
                {
                    return false;
                }

                _rowChars[x] = c;
                _rowTones[x] = span.Tone;
                x++;
            }
        }

        for (; x < w; x++)
        {
            _rowChars[x] = ' ';
            _rowTones[x] = line.Fill;
        }

        return true;
    }

    /// <summary>Printable chars that every terminal and Terminal.Gui draw one column wide.</summary>
    internal static bool OneColumn(char c) => c switch
    {
        >= ' ' and <= '~' => true,
        >= '\u00a0' and < '\u0300' => c != '\u00ad', // Latin-1 and Latin Extended; soft hyphen may be zero-width
        >= '\u0370' and < '\u0483' => true, // Greek, Cyrillic letters
        >= '\u2010' and <= '\u2027' => true, // dashes, quotes, bullet, ellipsis
        >= '\u2030' and <= '\u205e' => true,
        >= '\u2190' and <= '\u21ff' => true, // arrows
        >= '\u2500' and <= '\u259f' => true, // box drawing, blocks
        _ => false,
    };
}
