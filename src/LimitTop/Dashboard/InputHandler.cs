using LimitTop.Core.Model;

namespace LimitTop.Dashboard;

/// <summary>What an action (kill, dump, raise limit) gets: the snapshot on screen and the selected process.</summary>
public sealed record ActionContext(Snapshot? Snapshot, ProcessSample? Selected, DashboardController Controller);

/// <summary>
/// The one writer of <see cref="DashboardState"/>: keys, clicks and commands change the mode, prompt, picker,
/// dialog, options, status, freeze and selection, and re-present the shown snapshot, never sampling. Runs
/// without a terminal and without a frame (page size and top row come from the last fit of the viewport).
/// </summary>
public sealed partial class InputHandler
{
    private readonly DashboardState _state;
    private readonly SnapshotStore _store;
    private readonly TableViewport _view;
    private readonly Func<ActionContext> _context;

    public InputHandler(DashboardState state, SnapshotStore store, TableViewport viewport, Func<ActionContext> context)
    {
        _state = state;
        _store = store;
        _view = viewport;
        _context = context;
    }

    /// <summary>Where kill (k/F9), dump (d) and raise-limit (L) plug in; a handler returns the status text.</summary>
    public Dictionary<Command, Func<ActionContext, string?>> Actions { get; } = [];

    public ViewOptions Options
    {
        get => _state.Options;
        set
        {
            var old = _state.Options;
            _state.Options = value;
            _view.Rebuild(_store.Shown, value, _store.Models?.Deltas);
            if (ViewOptions.Reorders(old, value))
            {
                _view.ShowTop(); // a new sort or filter starts at its top, as htop does
            }
        }
    }

    /// <summary>A new finished snapshot arrived (Core/Pipeline's collector): store it and, unless frozen, show it.</summary>
    public void OnSnapshot(Snapshot snapshot, IReadOnlyList<Core.Model.TrendEvent> newEvents)
    {
        if (_store.Add(snapshot, newEvents))
        {
            _view.Rebuild(_store.Shown, _state.Options, _store.Models?.Deltas);
        }

        RefreshWhy(); // the newest snapshot, frozen or not: the panel explains the process as it is now
    }

    /// <summary>Handles one key. Always consumes it: no key may reach a library's defaults (Esc quits, Ctrl+Z forks).</summary>
    public bool HandleKey(UiKey key)
    {
        switch (_state.Mode)
        {
            case Mode.Help:
                HandleHelpKey(key);
                return true;
            case Mode.Events:
                HandleEventsKey(key);
                return true;
            case Mode.SearchPrompt:
            case Mode.FilterPrompt:
                HandlePromptKey(key);
                return true;
            case Mode.Picker:
                HandlePickerKey(key);
                return true;
            case Mode.Dialog:
                HandleDialogKey(key);
                return true;
            case Mode.Why:
                HandleWhyKey(key);
                return true;
            case Mode.Setup:
                HandleSetupKey(key);
                return true;
        }

        if (KeyMap.CommandFor(key) is { } command)
        {
            Execute(command);
        }

        return true;
    }

    private static bool IsQuit(UiKey key) => key.Special is SpecialKey.F10 or SpecialKey.CtrlC;

    public void Execute(Command command)
    {
        var o = _state.Options;
        int columns = ColumnSpec.All.Count;
        switch (command)
        {
            case Command.MoveUp: _view.Select(_view.SelectedIndex - 1); break;
            case Command.MoveDown: _view.Select(_view.SelectedIndex + 1); break;
            case Command.PageUp: _view.Select(_view.SelectedIndex - Math.Max(1, _view.PageRows)); break;
            case Command.PageDown: _view.Select(_view.SelectedIndex + Math.Max(1, _view.PageRows)); break;
            case Command.Home: _view.Select(0); break;
            case Command.End: _view.Select(_view.Table.Count - 1); break;
            case Command.SortNext: SortBy(ColumnSpec.All[(SortIndex() + 1) % columns].Column); break;
            case Command.SortPrevious: SortBy(ColumnSpec.All[(SortIndex() + columns - 1) % columns].Column); break;
            case Command.SortPicker: OpenSortPicker(); break;
            case Command.InvertSort:
                Options = o with { SortInverted = !o.SortInverted };
                Save("sort order inverted");
                break;
            case Command.Search: OpenPrompt(Mode.SearchPrompt, ""); break;
            case Command.SearchNext:
                if (_state.Search.Length == 0)
                {
                    OpenPrompt(Mode.SearchPrompt, "");
                }
                else
                {
                    JumpToMatch(_state.Search, includeCurrent: false);
                }

                break;
            case Command.Filter: OpenPrompt(Mode.FilterPrompt, o.Filter); break;
            case Command.UserFilter: OpenUserPicker(); break;
            case Command.Freeze:
                if (_store.SetFrozen(!_store.Frozen))
                {
                    _view.Rebuild(_store.Shown, _state.Options, _store.Models?.Deltas);
                }

                _state.Status = _store.Frozen ? "frozen: sampling goes on, Space shows the newest" : "live";
                break;
            case Command.ToggleKernelThreads:
                Options = o with { ShowKernelThreads = !o.ShowKernelThreads };
                Save(_state.Options.ShowKernelThreads ? "kernel threads shown" : "kernel threads hidden");
                break;
            case Command.Setup: OpenSetup(); break;
            case Command.Help: _state.Mode = Mode.Help; _state.HelpTop = 0; break;
            case Command.Events: _state.Mode = Mode.Events; _state.EventsTop = 0; break;
            case Command.ClearOrClose:
                bool any = _state.Search.Length > 0 || o.Filter.Length > 0 || o.UserFilter is not null;
                _state.Search = "";
                Options = o with { Filter = "", UserFilter = null };
                _state.Status = any ? "search and filters cleared" : "Esc never quits: q or F10 quits";
                break;
            case Command.Kill:
            case Command.Dump:
            case Command.RaiseLimit:
                RunAction(command);
                break;
            case Command.Explain: OpenWhy(); break;
            case Command.ToggleTree: ToggleTree(); break;
            case Command.Fold: SetFold(true); break;
            case Command.Unfold: SetFold(false); break;
            case Command.Quit: _state.QuitRequested = true; break;
            case Command.Redraw:
            case Command.Ignore:
                break;
        }
    }

    private void OpenPrompt(Mode mode, string text)
    {
        _state.Mode = mode;
        _state.Prompt = text;
    }

    private void RunAction(Command command)
    {
        if (!Actions.TryGetValue(command, out var handler))
        {
            return; // the app wires every action at start-up; a test may leave one out
        }

        try
        {
            _state.Status = handler(_context()) ?? _state.Status;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            _state.Status = "error: " + e.Message;
        }
    }

    /// <summary>Where the sort column stands in the table's order (the order &lt; &gt; and the picker walk).</summary>
    private int SortIndex() => ColumnSpec.PositionOf(_state.Options.SortColumn);

    public void SortBy(ProcessColumn column)
    {
        Options = _state.Options with { SortColumn = column, SortInverted = false };
        Save("sorted by " + ColumnSpec.Of(column).Title);
    }

    /// <summary>A click on a column title: that column, or the other direction when it already sorts.</summary>
    public void ClickColumn(ProcessColumn column)
    {
        if (_state.Options.SortColumn == column)
        {
            Options = _state.Options with { SortInverted = !_state.Options.SortInverted };
            Save("sort order inverted");
        }
        else
        {
            SortBy(column);
        }
    }

    /// <summary>A click: on a column title sorts by it; on a row selects it.</summary>
    public void Click(DashboardScreen screen, int x, int y)
    {
        if (_state.Mode != Mode.Normal)
        {
            return;
        }

        if (y == screen.TableHeaderRow)
        {
            foreach (var cell in screen.HeaderCells)
            {
                if (x >= cell.X0 && x <= cell.X1)
                {
                    ClickColumn(cell.Column);
                    return;
                }
            }
        }
        else if (screen.BodyTop >= 0 && y >= screen.BodyTop && y < screen.BodyTop + screen.BodyRows)
        {
            int i = screen.TopRow + (y - screen.BodyTop);
            if (i < _view.Table.Count)
            {
                _view.Select(i);
            }
        }
    }

    public void Scroll(int rows) => _view.Select(_view.SelectedIndex + rows);

    /// <summary>Opens a dialog over the dashboard; it has every key until it closes (F10 / Ctrl+C still quit).</summary>
    public void OpenDialog(IDialog dialog)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        _state.Dialog = dialog;
        _state.Mode = Mode.Dialog;
    }
}
