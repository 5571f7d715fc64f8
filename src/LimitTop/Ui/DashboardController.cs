using LimitTop.Core.Model;
using LimitTop.Core.Sampling;

namespace LimitTop.Ui;

public enum Mode
{
    Normal,
    Help,
    SearchPrompt,
    FilterPrompt,
    Picker,

    /// <summary>A modal dialog (kill, raise limit) has the keys.</summary>
    Dialog,
}

/// <summary>A choice list (sort column, user); the view draws it, the controller moves in it.</summary>
public sealed record Picker(string Title, IReadOnlyList<string> Items, Action<int> Choose)
{
    public int Index { get; set; }
}

/// <summary>What an action (kill, dump, raise limit) gets: the snapshot on screen and the selected process.</summary>
public sealed record ActionContext(Snapshot? Snapshot, ProcessSample? Selected, DashboardController Controller);

/// <summary>
/// The dashboard's state machine. Snapshots come in from the timer; keys and clicks change UI state and
/// re-present the last snapshot, never sampling. Everything here runs without a terminal.
/// </summary>
public sealed partial class DashboardController
{
    private ProcessTable _table = ProcessTable.Empty;
    private bool _tableDirty = true;
    private ViewOptions _options = new();

    public DashboardController(TimeSpan interval) => Interval = interval;

    public TimeSpan Interval { get; }

    /// <summary>The snapshot on screen (stays put while frozen).</summary>
    public Snapshot? Shown { get; private set; }

    /// <summary>The newest snapshot (sampling goes on while frozen).</summary>
    public Snapshot? Latest { get; private set; }

    public ViewOptions Options
    {
        get => _options;
        set
        {
            _options = value;
            _tableDirty = true;
        }
    }

    public bool Frozen { get; private set; }

    public Mode Mode { get; private set; } = Mode.Normal;

    public string Prompt { get; private set; } = "";

    /// <summary>Text of the last search; F3/n jump to its next match.</summary>
    public string Search { get; private set; } = "";

    public Picker? ActivePicker { get; private set; }

    /// <summary>The open dialog (kill, raise limit); null in every other mode.</summary>
    public IDialog? ActiveDialog { get; private set; }

    /// <summary>The last minute of snapshots for a dump (d); fed on every sample, O(1) per tick.</summary>
    public SnapshotHistory History { get; } = new();

    public string Status { get; set; } = "";

    /// <summary>
    /// Why the last refresh failed, or null. The last good snapshot stays on screen, marked stale in the status
    /// bar: a monitor that dies when the box is in trouble is no use (see Hosting/ThreadBudget.cs).
    /// </summary>
    public string? SampleProblem { get; private set; }

    /// <summary>A refresh failed: keep what is shown, say why.</summary>
    public void OnSampleFailed(string why) => SampleProblem = why;

    /// <summary>How long the last sample took (wall clock), shown in the status bar.</summary>
    public TimeSpan LastSampleTime { get; set; }

    public bool QuitRequested { get; private set; }

    /// <summary>Where kill (k/F9), dump (d) and raise-limit (L) plug in; a handler returns the status text.</summary>
    public Dictionary<Command, Func<ActionContext, string?>> Actions { get; } = [];

    public int? SelectedPid { get; private set; }

    public int SelectedIndex { get; private set; }

    public int TopRow { get; private set; }

    /// <summary>Body rows of the last frame; PgUp/PgDn move by this.</summary>
    public int PageRows { get; private set; } = 10;

    public ProcessTable Table
    {
        get
        {
            if (_tableDirty)
            {
                _table = ProcessTable.Build(Shown, _options);
                _tableDirty = false;
                Reanchor();
            }

            return _table;
        }
    }

    public ProcessSample? Selected => Table.Count > 0 && SelectedIndex < Table.Count ? Table.Rows[SelectedIndex] : null;

    /// <summary>A new sample arrived (from the timer).</summary>
    public void OnSnapshot(Snapshot snapshot)
    {
        SampleProblem = null;
        Latest = snapshot;
        History.Add(snapshot);
        if (!Frozen)
        {
            Show(snapshot);
        }
    }

    private void Show(Snapshot snapshot)
    {
        Shown = snapshot;
        _tableDirty = true;
    }

    /// <summary>Keeps the selection on the same PID; if it is gone, stays on the same row index.</summary>
    private void Reanchor()
    {
        if (_table.Count == 0)
        {
            SelectedIndex = 0;
            return;
        }

        int i = SelectedPid is { } pid ? _table.IndexOf(pid) : -1;
        SelectedIndex = i >= 0 ? i : Math.Clamp(SelectedIndex, 0, _table.Count - 1);
        SelectedPid = _table.Rows[SelectedIndex].Pid;
    }

    private void Select(int index)
    {
        var t = Table;
        if (t.Count == 0)
        {
            return;
        }

        SelectedIndex = Math.Clamp(index, 0, t.Count - 1);
        SelectedPid = t.Rows[SelectedIndex].Pid;
    }

    public void SelectPid(int pid)
    {
        int i = Table.IndexOf(pid);
        if (i >= 0)
        {
            Select(i);
        }
    }

    /// <summary>Handles one key. Always consumes it: no key may reach the library's defaults (Esc quits, Ctrl+Z forks).</summary>
    public bool HandleKey(UiKey key)
    {
        switch (Mode)
        {
            case Mode.Help:
                if (key.Special is SpecialKey.Esc or SpecialKey.F1 or SpecialKey.Enter || key.Char is 'q' or '?' or 'h')
                {
                    Mode = Mode.Normal;
                }
                else if (key.Special is SpecialKey.F10 or SpecialKey.CtrlC)
                {
                    QuitRequested = true;
                }

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
        }

        if (KeyMap.CommandFor(key) is { } command)
        {
            Execute(command);
        }

        return true;
    }

    public void Execute(Command command)
    {
        var t = Table;
        switch (command)
        {
            case Command.MoveUp: Select(SelectedIndex - 1); break;
            case Command.MoveDown: Select(SelectedIndex + 1); break;
            case Command.PageUp: Select(SelectedIndex - Math.Max(1, PageRows)); break;
            case Command.PageDown: Select(SelectedIndex + Math.Max(1, PageRows)); break;
            case Command.Home: Select(0); break;
            case Command.End: Select(t.Count - 1); break;
            case Command.SortNext: SortBy((ProcessColumn)(((int)_options.SortColumn + 1) % ColumnSpec.All.Count)); break;
            case Command.SortPrevious: SortBy((ProcessColumn)(((int)_options.SortColumn + ColumnSpec.All.Count - 1) % ColumnSpec.All.Count)); break;
            case Command.SortPicker: OpenSortPicker(); break;
            case Command.InvertSort: Options = _options with { SortInverted = !_options.SortInverted }; break;
            case Command.Search: Mode = Mode.SearchPrompt; Prompt = ""; break;
            case Command.SearchNext:
                if (Search.Length == 0)
                {
                    Mode = Mode.SearchPrompt;
                    Prompt = "";
                }
                else
                {
                    JumpToMatch(Search, includeCurrent: false);
                }

                break;
            case Command.Filter: Mode = Mode.FilterPrompt; Prompt = _options.Filter; break;
            case Command.UserFilter: OpenUserPicker(); break;
            case Command.Freeze:
                Frozen = !Frozen;
                if (!Frozen && Latest is { } latest && !ReferenceEquals(latest, Shown))
                {
                    Show(latest);
                }

                Status = Frozen ? "frozen: sampling goes on, Space shows the newest" : "live";
                break;
            case Command.ToggleKernelThreads:
                Options = _options with { ShowKernelThreads = !_options.ShowKernelThreads };
                Status = _options.ShowKernelThreads ? "kernel threads shown" : "kernel threads hidden";
                break;
            case Command.Help: Mode = Mode.Help; break;
            case Command.ClearOrClose:
                bool any = Search.Length > 0 || _options.Filter.Length > 0 || _options.UserFilter is not null;
                Search = "";
                Options = _options with { Filter = "", UserFilter = null };
                Status = any ? "search and filters cleared" : "Esc never quits: q or F10 quits";
                break;
            case Command.Kill:
            case Command.Dump:
            case Command.RaiseLimit:
                RunAction(command);
                break;
            case Command.Quit: QuitRequested = true; break;
            case Command.Redraw:
            case Command.Ignore:
                break;
        }
    }

    private void RunAction(Command command)
    {
        if (Actions.TryGetValue(command, out var handler))
        {
            try
            {
                Status = handler(new ActionContext(Shown, Selected, this)) ?? Status;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                Status = "error: " + e.Message;
            }

            return;
        }

        Status = command switch
        {
            Command.Kill => "kill (k/F9) is not wired in yet",
            Command.Dump => "dump (d) is not wired in yet",
            _ => "raise limit (L) is not wired in yet",
        };
    }

    public void SortBy(ProcessColumn column)
    {
        Options = _options with { SortColumn = column, SortInverted = false };
        Status = "sorted by " + ColumnSpec.Of(column).Title;
    }

    /// <summary>A click on a column title: that column, or the other direction when it already sorts.</summary>
    public void ClickColumn(ProcessColumn column)
    {
        if (_options.SortColumn == column)
        {
            Options = _options with { SortInverted = !_options.SortInverted };
        }
        else
        {
            SortBy(column);
        }
    }

    private void OpenSortPicker()
    {
        var items = ColumnSpec.All.Select(c => Cells.Fit(c.Title, 8, false) + c.Help).ToList();
        ActivePicker = new Picker("Sort by (Enter chooses, Esc cancels)", items, i => SortBy((ProcessColumn)i)) { Index = (int)_options.SortColumn };
        Mode = Mode.Picker;
    }

    private void OpenUserPicker()
    {
        var users = Shown?.Users.OrderBy(u => u.Name, StringComparer.Ordinal).ToList() ?? [];
        var items = new List<string> { "(all users)" };
        items.AddRange(users.Select(u => $"{u.Name} (uid {u.Uid}, {u.Tasks} tasks)"));
        int current = _options.UserFilter is { } uid ? users.FindIndex(u => u.Uid == uid) + 1 : 0;
        ActivePicker = new Picker("Show processes of (Enter chooses, Esc cancels)", items, i =>
        {
            Options = _options with { UserFilter = i == 0 ? null : users[i - 1].Uid };
            Status = i == 0 ? "all users" : "user " + users[i - 1].Name;
        })
        { Index = Math.Max(0, current) };
        Mode = Mode.Picker;
    }

    /// <summary>Opens a dialog over the dashboard; it has every key until it closes (F10 / Ctrl+C still quit).</summary>
    public void OpenDialog(IDialog dialog)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        ActiveDialog = dialog;
        Mode = Mode.Dialog;
    }

    private void HandleDialogKey(UiKey key)
    {
        if (key.Special is SpecialKey.F10 or SpecialKey.CtrlC)
        {
            QuitRequested = true;
            return;
        }

        var d = ActiveDialog!;
        DialogStep step;
        try
        {
            step = d.HandleKey(key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            step = DialogStep.Closed("error: " + e.Message);
        }

        if (step.Status is { } status)
        {
            Status = status;
        }

        if (step.Close && ReferenceEquals(ActiveDialog, d))
        {
            ActiveDialog = null;
            Mode = Mode.Normal;
        }
    }

    private void HandlePickerKey(UiKey key)
    {
        var p = ActivePicker!;
        switch (key.Special)
        {
            case SpecialKey.Up: p.Index = Math.Max(0, p.Index - 1); return;
            case SpecialKey.Down: p.Index = Math.Min(p.Items.Count - 1, p.Index + 1); return;
            case SpecialKey.PageUp or SpecialKey.Home: p.Index = 0; return;
            case SpecialKey.PageDown or SpecialKey.End: p.Index = p.Items.Count - 1; return;
            case SpecialKey.Enter:
                Mode = Mode.Normal;
                ActivePicker = null;
                p.Choose(p.Index);
                return;
            case SpecialKey.Esc or SpecialKey.F6:
                Mode = Mode.Normal;
                ActivePicker = null;
                return;
            case SpecialKey.F10 or SpecialKey.CtrlC:
                QuitRequested = true;
                return;
        }

        if (key.Char == 'q')
        {
            Mode = Mode.Normal;
            ActivePicker = null;
        }
    }

    private void HandlePromptKey(UiKey key)
    {
        bool search = Mode == Mode.SearchPrompt;
        switch (key.Special)
        {
            case SpecialKey.Enter:
                Mode = Mode.Normal;
                return;
            case SpecialKey.Esc:
                Mode = Mode.Normal;
                Prompt = "";
                if (search)
                {
                    Search = "";
                }
                else
                {
                    Options = _options with { Filter = "" };
                }

                return;
            case SpecialKey.Backspace:
                if (Prompt.Length > 0)
                {
                    Prompt = Prompt[..^1];
                }

                break;
            case SpecialKey.F3 when search:
                JumpToMatch(Prompt, includeCurrent: false);
                return;
            case SpecialKey.F10 or SpecialKey.CtrlC:
                QuitRequested = true;
                return;
            case SpecialKey.None when key.IsChar && !char.IsControl(key.Char):
                Prompt += key.Char;
                break;
            default:
                return;
        }

        if (search)
        {
            Search = Prompt;
            JumpToMatch(Prompt, includeCurrent: true);
        }
        else
        {
            Options = _options with { Filter = Prompt };
        }
    }

    private void JumpToMatch(string text, bool includeCurrent)
    {
        if (text.Length == 0)
        {
            return;
        }

        int i = Table.FindNext(text, SelectedIndex, includeCurrent);
        if (i >= 0)
        {
            Select(i);
            Status = "";
        }
        else
        {
            Status = "no match for \"" + text + "\"";
        }
    }

    public void RequestQuit() => QuitRequested = true;
}
