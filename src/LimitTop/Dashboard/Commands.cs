namespace LimitTop.Dashboard;

/// <summary>Keys the dashboard knows, independent of the terminal library (so the dispatcher is testable).</summary>
public enum SpecialKey
{
    None,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Esc,
    Backspace,
    Tab,
    F1,
    F2,
    F3,
    F4,
    F5,
    F6,
    F7,
    F8,
    F9,
    F10,
    CtrlC,
    CtrlL,
    CtrlZ,
    ShiftUp,
    ShiftDown,
}

/// <summary>A key press: a special key, or a printable character.</summary>
public readonly record struct UiKey(SpecialKey Special, char Char)
{
    public static UiKey Of(SpecialKey k) => new(k, '\0');

    public static UiKey Of(char c) => new(SpecialKey.None, c);

    public bool IsChar => Special == SpecialKey.None && Char != '\0';
}

public enum Command
{
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    Home,
    End,
    SortPicker,
    SortNext,
    SortPrevious,
    InvertSort,
    Search,
    SearchNext,
    Filter,
    UserFilter,
    ContainerFilter,
    ToggleCgroupPaths,
    Freeze,
    ToggleKernelThreads,
    Help,
    Setup,
    ClearOrClose,
    Redraw,
    Kill,
    Dump,
    RaiseLimit,
    Events,
    Explain,
    ToggleTree,
    Fold,
    Unfold,
    Quit,
    Ignore,
    Findings,
    IntervalShorter,
    IntervalLonger,
}

/// <summary>One row of the key map: the keys, what they do, and the help text (help is generated from this).</summary>
public sealed record KeyBinding(string Keys, Command Command, string Help, params UiKey[] Strokes);

public static class KeyMap
{
    public static readonly IReadOnlyList<KeyBinding> All =
    [
        new("↑ ↓", Command.MoveUp, "move the selection (it stays on the same PID across refreshes)", UiKey.Of(SpecialKey.Up)),
        new("", Command.MoveDown, "", UiKey.Of(SpecialKey.Down)),
        new("PgUp PgDn", Command.PageUp, "move a page", UiKey.Of(SpecialKey.PageUp)),
        new("", Command.PageDown, "", UiKey.Of(SpecialKey.PageDown)),
        new("Home End", Command.Home, "first / last process", UiKey.Of(SpecialKey.Home)),
        new("", Command.End, "", UiKey.Of(SpecialKey.End)),
        new("F6", Command.SortPicker, "choose the sort column (a click on a column title sorts too)", UiKey.Of(SpecialKey.F6)),
        new("< >", Command.SortPrevious, "sort by the previous / next column", UiKey.Of('<'), UiKey.Of(',')),
        new("", Command.SortNext, "", UiKey.Of('>'), UiKey.Of('.')),
        new("I", Command.InvertSort, "invert the sort order", UiKey.Of('I')),
        new("/", Command.Search, "search by name, command or PID (jumps to the match)", UiKey.Of('/')),
        new("F3 n", Command.SearchNext, "next match of the search", UiKey.Of(SpecialKey.F3), UiKey.Of('n')),
        new("\\ F4", Command.Filter, "filter the table by name, command or PID", UiKey.Of('\\'), UiKey.Of(SpecialKey.F4)),
        new("u", Command.UserFilter, "show one user's processes", UiKey.Of('u')),
        new("c", Command.ContainerFilter, "show one container's processes (containers, pods and machines by name)", UiKey.Of('c')),
        new("p", Command.ToggleCgroupPaths, "pids cgroups panel: the cgroups' paths instead of their names (again: names)", UiKey.Of('p')),
        new("Space", Command.Freeze, "freeze the display (sampling goes on)", UiKey.Of(' ')),
        new("K", Command.ToggleKernelThreads, "show / hide kernel threads", UiKey.Of('K')),
        new("k F9", Command.Kill, "signal the selected process, every copy of its command (same user), or its whole pids cgroup", UiKey.Of('k'), UiKey.Of(SpecialKey.F9)),
        new("d", Command.Dump, "dump the snapshot on screen and the last minute to JSON + text (--dump-dir)", UiKey.Of('d')),
        new("L", Command.RaiseLimit, "raise soft nproc / nofile / sigpending of the selected process, or its cgroup's pids.max", UiKey.Of('L')),
        new("e", Command.Events, "event log: refused forks, limits reached, findings turned critical (Esc or e closes)", UiKey.Of('e')),
        new("Enter", Command.Explain, "why can't the selected process fork: every limit on its next task and where it came from", UiKey.Of(SpecialKey.Enter)),
        new("F5 t", Command.ToggleTree, "tree view: processes under their parents, Σ = tasks of the whole subtree", UiKey.Of(SpecialKey.F5), UiKey.Of('t')),
        new("- +", Command.Fold, "tree view: fold / unfold the selected process's children (remembered)", UiKey.Of('-')),
        new("", Command.Unfold, "", UiKey.Of('+')),
        new("f", Command.Findings, "all findings ranked: every limit, closest to refusing a fork first, as --once (Esc or f closes)", UiKey.Of('f')),
        new("( )", Command.IntervalShorter, "refresh more / less often (0.5 s … 60 s; saved to limittop.conf)", UiKey.Of('(')),
        new("", Command.IntervalLonger, "", UiKey.Of(')')),
        new("F2 S", Command.Setup, "setup: columns and their order, header panels, colour scheme (saved to limittop.conf)", UiKey.Of(SpecialKey.F2), UiKey.Of('S')),
        new("Ctrl+L", Command.Redraw, "redraw the screen", UiKey.Of(SpecialKey.CtrlL)),
        new("F1 ? h", Command.Help, "this help", UiKey.Of(SpecialKey.F1), UiKey.Of('?'), UiKey.Of('h')),
        new("Esc", Command.ClearOrClose, "close help / prompt, clear search, filter and user filter (never quits)", UiKey.Of(SpecialKey.Esc)),
        new("q F10", Command.Quit, "quit", UiKey.Of('q'), UiKey.Of(SpecialKey.F10), UiKey.Of(SpecialKey.CtrlC)),
        new("", Command.Ignore, "", UiKey.Of(SpecialKey.CtrlZ)),
    ];

    private static readonly Dictionary<UiKey, Command> ByKey = BuildIndex();

    public static Command? CommandFor(UiKey key) => ByKey.TryGetValue(key, out var c) ? c : null;

    private static Dictionary<UiKey, Command> BuildIndex()
    {
        var d = new Dictionary<UiKey, Command>();
        foreach (var b in All)
        {
            foreach (var s in b.Strokes)
            {
                d[s] = b.Command;
            }
        }

        return d;
    }
}
