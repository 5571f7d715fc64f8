using LimitTop.Core.Settings;

namespace LimitTop.Dashboard;

/// <summary>
/// limittop.conf ↔ the dashboard's state. The file says <c>asc</c>/<c>desc</c>; the table keeps "inverted
/// from the column's default direction" (THR sorts descending by default, PID ascending). Columns and panels
/// are stored by the names the screen shows.
/// </summary>
public static class SettingsMapping
{
    public static ViewOptions Apply(ViewOptions options, LimitTopSettings settings)
    {
        var column = settings.SortColumn is { } name && ColumnSpec.All.FirstOrDefault(c => c.Title == name) is { } spec
            ? spec.Column : options.SortColumn;
        bool inverted = settings.SortDescending is { } desc
            ? desc != ColumnSpec.Of(column).DescendingByDefault
            : column == options.SortColumn && options.SortInverted;
        return options with
        {
            SortColumn = column,
            SortInverted = inverted,
            ShowKernelThreads = settings.ShowKernelThreads ?? options.ShowKernelThreads,
            Tree = settings.TreeView ?? options.Tree,
            Folded = settings.TreeFolded is { Count: > 0 } folded ? new HashSet<int>(folded) : settings.TreeFolded is null ? options.Folded : ViewOptions.NoneFolded,
            Columns = settings.Columns is { } names ? ColumnsOf(names) : options.Columns,
            // saved columns equal to the defaults were saved with another setting, not chosen: CONTAINER stays automatic
            AutoContainerColumn = options.AutoContainerColumn && (settings.Columns is not { } chosen || ColumnsOf(chosen).SequenceEqual(ColumnSpec.Defaults)),
        };
    }

    /// <summary>The settings file's view of the state: columns, panels, sort, kernel threads (and the scheme once chosen).</summary>
    public static void Apply(DashboardState state, LimitTopSettings settings)
    {
        state.Options = Apply(state.Options, settings);
        if (settings.Meters is { } meters)
        {
            state.Meters = MetersOf(meters);
        }

        state.Witness = settings.Witness ?? state.Witness;
    }

    /// <summary>
    /// Start-up: the state from <paramref name="load"/>, and every later change saved to <paramref name="path"/>
    /// (null: no HOME nor XDG_CONFIG_HOME, so changes apply but are not kept — said in the status bar).
    /// </summary>
    public static void Wire(DashboardState state, SettingsLoad load, string? path)
    {
        Apply(state, load.Settings);
        state.SettingsWarning = load.Warning;
        state.Persist = s => path is null ? "no HOME or XDG_CONFIG_HOME to keep limittop.conf in"
            : OperatingSystem.IsLinux() ? SettingsStore.Save(path, load.File, From(s, load.Settings)) : "settings are saved on Linux only";
    }

    /// <summary>What the dashboard shows now, as settings to save (the scheme only when chosen on the setup screen).</summary>
    public static LimitTopSettings From(DashboardState state, LimitTopSettings saved) => From(state.Options, saved) with
    {
        Meters = InputHandler.MeterOrder.Where(m => (state.Meters & m) != 0).Select(m => m.ToString().ToLowerInvariant()).ToArray(),
        ColorScheme = state.SchemeChosen ? state.Scheme : saved.ColorScheme,
        Witness = state.WitnessChosen ? state.Witness : saved.Witness,
        Interval = state.IntervalChosen ? state.Interval.TotalSeconds : saved.Interval,
    };

    public static LimitTopSettings From(ViewOptions options, LimitTopSettings saved) => saved with
    {
        SortColumn = ColumnSpec.Of(options.SortColumn).Title,
        SortDescending = ColumnSpec.Of(options.SortColumn).DescendingByDefault != options.SortInverted,
        ShowKernelThreads = options.ShowKernelThreads,
        TreeView = options.Tree,
        TreeFolded = options.Folded.Order().ToArray(),
        Columns = options.Columns.Select(c => ColumnSpec.Of(c).Title).ToArray(),
    };

    /// <summary>Titles → columns; the file's reader already put PID, THR and COMMAND back; COMMAND goes last.</summary>
    public static IReadOnlyList<ProcessColumn> ColumnsOf(IEnumerable<string> names)
    {
        var list = names.Select(n => ColumnSpec.All.FirstOrDefault(c => c.Title == n)).OfType<ColumnSpec>().Select(c => c.Column).Distinct().ToList();
        list.Remove(ProcessColumn.Command);
        list.Add(ProcessColumn.Command);
        foreach (var required in new[] { ProcessColumn.Pid, ProcessColumn.Threads })
        {
            if (!list.Contains(required))
            {
                list.Insert(0, required);
            }
        }

        return list;
    }

    public static HeaderPanels MetersOf(IEnumerable<string> names)
        => InputHandler.MeterOrder.Where(m => names.Contains(m.ToString().ToLowerInvariant())).Aggregate(HeaderPanels.None, (a, m) => a | m);
}
