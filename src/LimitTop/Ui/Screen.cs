namespace LimitTop.Ui;

/// <summary>Where a column title sits on the screen, for mouse clicks.</summary>
public readonly record struct HeaderCell(int X0, int X1, ProcessColumn Column);

/// <summary>A whole frame as styled lines, plus the geometry mouse clicks need. Built without a terminal.</summary>
public sealed class Screen
{
    public Screen(int width, int height)
    {
        Width = width;
        Height = height;
        Lines = new StyledLine[height];
        for (int i = 0; i < height; i++)
        {
            Lines[i] = new StyledLine();
        }
    }

    public int Width { get; }
    public int Height { get; }
    public StyledLine[] Lines { get; }

    /// <summary>Row of the table's column titles; -1 when the table is not on screen.</summary>
    public int TableHeaderRow { get; set; } = -1;

    public int BodyTop { get; set; } = -1;

    public int BodyRows { get; set; }

    public List<HeaderCell> HeaderCells { get; } = [];

    public string Row(int i) => Lines[i].Text;

    public string Text => string.Join('\n', Lines.Select(l => l.Text));
}
