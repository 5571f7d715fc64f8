using LimitTop.Core.Sampling;
using LimitTop.Core.Settings;
using LimitTop.Dashboard;
using static LimitTop.TestSupport.Snapshots;
using static LimitTop.Tests.Dashboard.UiKeys;

namespace LimitTop.Tests.Dashboard;

/// <summary>The F2 setup screen as a view model: keys change the state, the frame shows it, the file keeps it.</summary>
public sealed class SetupScreenTests : IDisposable
{
    /// <summary>The SOCK column title alone (ΔSOCK/m, the trend column, is another column).</summary>
    private const string SockColumn = @"(?<![\wΔ])SOCK\b";

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("limittop-package-setup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string ConfPath => Path.Combine(_dir, "limittop", SettingsStore.FileName);

    private DashboardController Wired()
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        SettingsMapping.Wire(c.State, SettingsStore.Load(ConfPath), ConfPath);
        c.OnSnapshot(Make([Proc(10, threads: 5, sockets: 3), Proc(11, threads: 50)]));
        return c;
    }

    /// <summary>Moves the cursor of the columns list onto <paramref name="title"/>.</summary>
    private static void CursorTo(DashboardController c, string title)
    {
        Press(c, K(SpecialKey.Home));
        while (ColumnSpec.Of(c.State.SetupColumns[c.State.Setup!.Row]).Title != title)
        {
            int before = c.State.Setup.Row;
            Press(c, K(SpecialKey.Down));
            Assert.NotEqual(before, c.State.Setup.Row);
        }
    }

    private static string HeaderRow(DashboardController c)
    {
        var f = c.Frame(120, 40, Now);
        return f.Row(f.TableHeaderRow);
    }

    [Fact]
    public void F2_opens_the_setup_screen_and_Esc_F2_F10_leave_it_without_quitting()
    {
        var c = Wired();
        foreach (var leave in new[] { SpecialKey.Esc, SpecialKey.F2, SpecialKey.F10 })
        {
            Press(c, K(SpecialKey.F2));
            Assert.Equal(Mode.Setup, c.State.Mode);
            string text = c.Frame(120, 40, Now).Text;
            Assert.Contains("SETUP", text);
            Assert.Contains("Columns", text);
            Assert.Contains("Header panels", text);
            Assert.Contains("Colour scheme", text);
            Press(c, K(leave));
            Assert.Equal(Mode.Normal, c.State.Mode);
            Assert.False(c.State.QuitRequested);
        }
    }

    [Fact]
    public void Space_hides_a_column_from_the_table_and_the_file_keeps_it()
    {
        var c = Wired();
        Assert.Matches(SockColumn, HeaderRow(c));
        Press(c, K('S'));
        CursorTo(c, "SOCK");
        Press(c, K(' '));
        Assert.DoesNotContain(ProcessColumn.Sockets, c.Input.Options.Columns);
        Press(c, K(SpecialKey.Esc));
        Assert.DoesNotMatch(SockColumn, HeaderRow(c));

        var saved = SettingsStore.Load(ConfPath);
        Assert.Null(saved.Warning);
        Assert.DoesNotContain("SOCK", saved.Settings.Columns!);
        Assert.Contains("USER", saved.Settings.Columns!);

        // a new dashboard reading the same file starts without SOCK
        Assert.DoesNotContain(ProcessColumn.Sockets, Wired().Input.Options.Columns);
    }

    [Theory]
    [InlineData("PID")]
    [InlineData("THR")]
    [InlineData("COMMAND")]
    public void Required_columns_cannot_be_hidden(string title)
    {
        var c = Wired();
        Press(c, K(SpecialKey.F2));
        CursorTo(c, title);
        Press(c, K(' '));
        Assert.Contains(ColumnSpec.All.First(s => s.Title == title).Column, c.Input.Options.Columns);
        Assert.Contains("cannot be hidden", c.State.Status);
        Assert.False(File.Exists(ConfPath));
    }

    [Fact]
    public void Plus_minus_and_shift_arrows_reorder_the_visible_columns_but_COMMAND_stays_last()
    {
        var c = Wired();
        Press(c, K(SpecialKey.F2));
        CursorTo(c, "USER");
        Press(c, K('-'));
        Assert.Equal([ProcessColumn.User, ProcessColumn.Pid], c.Input.Options.Columns.Take(2));
        Press(c, K(SpecialKey.ShiftDown), K(SpecialKey.ShiftDown));
        Assert.Equal([ProcessColumn.Pid, ProcessColumn.Threads, ProcessColumn.User], c.Input.Options.Columns.Take(3));
        Press(c, K(SpecialKey.Esc));
        Assert.Matches(@"^\s*PID\s+THR\S*\s+USER\s+FDS", HeaderRow(c));

        Press(c, K(SpecialKey.F2));
        CursorTo(c, "COMMAND");
        Press(c, K('-'));
        Assert.Equal(ProcessColumn.Command, c.Input.Options.Columns[^1]);
        Assert.Contains("COMMAND stays last", c.State.Status);

        Assert.Equal("PID THR USER", string.Join(' ', SettingsStore.Load(ConfPath).Settings.Columns!.Take(3)));
    }

    [Fact]
    public void A_scheme_change_applies_at_once_and_is_saved_and_header_panels_hide()
    {
        var c = Wired();
        int headerWithGauges = c.Frame(120, 40, Now).TableHeaderRow;
        Press(c, K(SpecialKey.F2), K(SpecialKey.Tab), K(SpecialKey.Tab), K(SpecialKey.Down), K(SpecialKey.Enter));
        Assert.Equal("monochrome", c.State.Scheme);
        Assert.Equal("monochrome", SettingsStore.Load(ConfPath).Settings.ColorScheme);

        Press(c, K(SpecialKey.Left), K(SpecialKey.Home), K(' ')); // header panels: gauges off
        Assert.False(c.State.Meters.HasFlag(HeaderPanels.Gauges));
        Assert.Equal(["diagnosis", "users", "cgroups", "sockets", "cpumemory"], SettingsStore.Load(ConfPath).Settings.Meters!);
        Press(c, K(SpecialKey.Esc));
        Assert.True(c.Frame(120, 40, Now).TableHeaderRow < headerWithGauges);
    }

    [Fact]
    public void The_read_needs_follow_the_visible_columns_and_panels()
    {
        var c = Wired();
        Assert.Equal(ReadNeeds.All, c.State.Needs);
        Press(c, K(SpecialKey.F2));
        CursorTo(c, "SOCK");
        Press(c, K(' '));
        Assert.Equal(ReadNeeds.All, c.State.Needs); // ΔSOCK/m still shown: sockets per minute need the scan too
        CursorTo(c, "ΔSOCK/m");
        Press(c, K(' '));
        Assert.Equal(ReadNeeds.FdCounts, c.State.Needs);

        // FDS and NOFILE% hidden: the users panel and the diagnosis still need the fd counts
        CursorTo(c, "FDS");
        Press(c, K(' '));
        CursorTo(c, "NOFILE%");
        Press(c, K(' '));
        CursorTo(c, "ΔFD/m");
        Press(c, K(' '));
        Assert.Equal(ReadNeeds.FdCounts, c.State.Needs);
        Press(c, K(SpecialKey.Tab), K(SpecialKey.Home), K(SpecialKey.Down), K(' '), K(SpecialKey.Down), K(' '));
        Assert.Equal(ReadNeeds.None, c.State.Needs);
    }

    [Fact]
    public void Sort_changes_are_saved_and_an_unwritable_file_is_a_status_not_a_crash()
    {
        var c = Wired();
        Press(c, K('>'));
        Assert.Equal("FDS", SettingsStore.Load(ConfPath).Settings.SortColumn);
        Press(c, K('I'));
        Assert.False(SettingsStore.Load(ConfPath).Settings.SortDescending);

        var bad = new DashboardController(TimeSpan.FromSeconds(1));
        string blocker = Path.Combine(_dir, "file");
        File.WriteAllText(blocker, "");
        SettingsMapping.Wire(bad.State, SettingsStore.Load(null), Path.Combine(blocker, "limittop.conf"));
        Press(bad, K(SpecialKey.F2));
        CursorTo(bad, "SOCK");
        Press(bad, K(' '));
        Assert.Contains("not saved", bad.State.Status);
        Assert.DoesNotContain(ProcessColumn.Sockets, bad.Input.Options.Columns);
    }
}
