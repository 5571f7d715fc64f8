using LimitTop.Core.Columns;
using LimitTop.Core.Sampling;

namespace LimitTop.Core.Tests.Columns;

/// <summary>
/// The one column table (Core/Columns/ColumnSpec.All) is whole: every column has exactly one entry, the names the
/// settings file stores are unique, and the columns that cannot be hidden are the row's identity and its rank.
/// It replaces the test that kept the settings' catalogue and the screen's table in step.
/// </summary>
public sealed class ColumnTableTests
{
    [Fact]
    public void Every_column_has_exactly_one_entry()
    {
        Assert.Equal(Enum.GetValues<ProcessColumn>().Order(), ColumnSpec.All.Select(c => c.Column).Order());
        foreach (var column in Enum.GetValues<ProcessColumn>())
        {
            Assert.Equal(column, ColumnSpec.Of(column).Column);
            Assert.Equal(column, ColumnSpec.All[ColumnSpec.PositionOf(column)].Column);
        }
    }

    [Fact]
    public void Titles_are_unique_names_found_in_any_case()
    {
        Assert.Equal(ColumnSpec.All.Count, ColumnSpec.All.Select(c => c.Title.ToUpperInvariant()).Distinct().Count());
        Assert.All(ColumnSpec.All, c => Assert.Same(c, ColumnSpec.Find(c.Title.ToLowerInvariant())));
        Assert.Null(ColumnSpec.Find("NOPE"));
    }

    [Fact]
    public void The_default_order_is_the_table_order_and_command_is_last()
    {
        Assert.Equal(["PID", "USER", "THR", "FDS", "NOFILE%", "NPROC", "SOCK", "ΔTHR/m", "ΔFD/m", "ΔSOCK/m", "REFUSED", "CGROUP", "S", "CPU%", "RSS", "COMMAND"], ColumnSpec.DefaultOrder);
        Assert.Equal(ColumnSpec.DefaultOrder, ColumnSpec.Defaults.Select(c => ColumnSpec.Of(c).Title));
        Assert.Equal(ProcessColumn.Command, ColumnSpec.All[^1].Column);
        Assert.Equal(0, ColumnSpec.Of(ProcessColumn.Command).Width); // the rest of the line
    }

    [Fact]
    public void Pid_thr_and_command_cannot_be_hidden()
        => Assert.Equal(new HashSet<string> { "PID", "THR", "COMMAND" }, ColumnSpec.RequiredTitles);

    [Fact]
    public void Every_column_has_help_for_the_sort_picker_and_a_title_no_wider_than_its_cell()
        => Assert.All(ColumnSpec.All, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Help));
            Assert.True(c.Width == 0 || c.Title.Length <= c.Width, c.Title);
        });

    [Fact]
    public void Needs_by_column_equal_needs_by_name()
    {
        Assert.Equal(ColumnSpec.NeedsOf(ColumnSpec.DefaultOrder), ColumnSpec.NeedsOf(ColumnSpec.Defaults));
        Assert.Equal(ReadNeeds.ProcessSockets, ColumnSpec.NeedsOf([ProcessColumn.Pid, ProcessColumn.SocketsDelta], nofileChecks: false));
    }
}
