using LimitTop.Core.Model;

namespace LimitTop.Dashboard;

/// <summary>
/// The process table as seen through the screen: its rows for the shown snapshot and options, the selection
/// (kept on the same PID across refreshes), the top row and the page size. The layout fits it
/// (<see cref="Fit"/>) from the frame it composed; the composer reads it and writes nothing.
/// </summary>
public sealed class TableViewport
{
    public ProcessTable Table { get; private set; } = ProcessTable.Empty;

    public int? SelectedPid { get; private set; }

    public int SelectedIndex { get; private set; }

    /// <summary>Index of the first row on screen at the last fit.</summary>
    public int TopRow { get; private set; }

    /// <summary>Body rows of the last frame minus one; PgUp/PgDn move by this.</summary>
    public int PageRows { get; private set; } = 10;

    /// <summary>Width of the last frame (the help page wraps to it, so its length depends on it).</summary>
    public int FrameWidth { get; private set; } = 80;

    public ProcessSample? Selected => Table.Count > 0 && SelectedIndex < Table.Count ? Table.Rows[SelectedIndex] : null;

    /// <summary>New rows (a new snapshot shown or new options); the selection stays on its PID.</summary>
    public void Rebuild(Snapshot? shown, ViewOptions options, IReadOnlyDictionary<int, Core.Trends.ProcessDelta>? deltas = null)
    {
        Table = ProcessTable.Build(shown, options, deltas);
        if (Table.Count == 0)
        {
            SelectedIndex = 0;
            return;
        }

        int i = SelectedPid is { } pid ? Table.IndexOf(pid) : -1;
        SelectedIndex = i >= 0 ? i : Math.Clamp(SelectedIndex, 0, Table.Count - 1);
        SelectedPid = Table.Rows[SelectedIndex].Pid;
    }

    public void Select(int index)
    {
        if (Table.Count == 0)
        {
            return;
        }

        SelectedIndex = Math.Clamp(index, 0, Table.Count - 1);
        SelectedPid = Table.Rows[SelectedIndex].Pid;
    }

    public void SelectPid(int pid)
    {
        int i = Table.IndexOf(pid);
        if (i >= 0)
        {
            Select(i);
        }
    }

    /// <summary>
    /// After a new sort or filter: the table shows its first page; the selection stays on its PID only when that
    /// row is on the first page (htop's habit), else it moves to the first row.
    /// </summary>
    public void ShowTop()
    {
        TopRow = 0;
        if (SelectedIndex > PageRows)
        {
            Select(0);
        }
    }

    /// <summary>The top row that keeps the selection in <paramref name="bodyRows"/> rows, moving as little as it can.</summary>
    public int TopFor(int bodyRows)
    {
        int top = TopRow;
        if (SelectedIndex < top)
        {
            top = SelectedIndex;
        }
        else if (SelectedIndex >= top + bodyRows)
        {
            top = SelectedIndex - bodyRows + 1;
        }

        return Math.Clamp(top, 0, Math.Max(0, Table.Count - bodyRows));
    }

    /// <summary>Takes the table's place in a composed frame: its top row and page size.</summary>
    public void Fit(DashboardScreen frame)
    {
        FrameWidth = frame.Width;
        if (frame.BodyTop < 0)
        {
            return;
        }

        TopRow = frame.TopRow;
        PageRows = Math.Max(1, frame.BodyRows - 1);
    }
}
