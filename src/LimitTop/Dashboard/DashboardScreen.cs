using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>Where a column title sits on the screen, for mouse clicks.</summary>
public readonly record struct HeaderCell(int X0, int X1, ProcessColumn Column);

/// <summary>A dashboard frame: the lines, plus where the table landed (for clicks and for fitting the viewport).</summary>
public sealed class DashboardScreen(int width, int height) : Screen(width, height)
{
    /// <summary>Row of the table's column titles; -1 when the table is not on screen.</summary>
    public int TableHeaderRow { get; set; } = -1;

    public int BodyTop { get; set; } = -1;

    public int BodyRows { get; set; }

    /// <summary>Index in the table of the row drawn at <see cref="BodyTop"/>.</summary>
    public int TopRow { get; set; }

    public List<HeaderCell> HeaderCells { get; } = [];

    /// <summary>Text rows of the explanation panel (Enter); 0 when it is not on screen.</summary>
    public int WhyRows { get; set; }

    /// <summary>Lines of the explanation after wrapping to this width.</summary>
    public int WhyLines { get; set; }
}
