using System.Text;
using LimitTop.Dashboard;
using LimitTop.Frames;

namespace LimitTop.RawTerminal;

/// <summary>
/// Turns a frame into the bytes that paint it: <see cref="FrameDiff"/> runs, each a cursor move, an SGR when the
/// tone changes (the chosen scheme's SGR, Schemes/SchemeSgr.cs), and the text. One buffer per frame, one write(2)
/// (or a few, if the terminal takes it in parts).
/// </summary>
internal sealed class AnsiPainter(Func<string?> scheme)
{
    private readonly FrameDiff _diff = new();
    private readonly StringBuilder _out = new();
    private string[]? _sgr;

    /// <summary>The next frame is painted whole (after a resize, SIGCONT, Ctrl+L).</summary>
    public void Invalidate() => _diff.Invalidate();

    /// <summary>Cells the last frame painted (for the cost measurement).</summary>
    public int CellsPainted => _diff.CellsPainted;

    /// <summary>The escape sequences and text that bring the terminal from the last frame to <paramref name="screen"/>.</summary>
    public string Paint(Screen screen)
    {
        _out.Clear();
        string[] sgr = Schemes.SchemeSgr.For(scheme()); // F2 may change the scheme between frames
        if (!ReferenceEquals(sgr, _sgr))
        {
            _sgr = sgr;
            _diff.Invalidate(); // every cell's colours change
        }

        Tone? current = null;
        foreach (var run in _diff.Diff(screen))
        {
            _out.Append("\u001b[").Append(run.Y + 1).Append(';').Append(run.X + 1).Append('H');
            if (current != run.Tone)
            {
                _out.Append(sgr[(int)run.Tone]);
                current = run.Tone;
            }

            foreach (char c in run.Text)
            {
                // The frame is escaped already (SafeText); this last net uses the same rule but keeps the cell
                // width (an escape would shift the row): an unsafe char here would still move the cursor.
                _out.Append(Core.Text.SafeText.IsUnsafe(c) ? '?' : c);
            }
        }

        if (_out.Length > 0)
        {
            _out.Append("\u001b[0m");
        }

        return _out.ToString();
    }
}
