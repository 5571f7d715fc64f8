namespace LimitTop.Dashboard;

/// <summary>Keys while a dialog, picker or prompt has them.</summary>
public sealed partial class InputHandler
{
    private void HandleDialogKey(UiKey key)
    {
        if (IsQuit(key))
        {
            _state.QuitRequested = true;
            return;
        }

        var d = _state.Dialog!;
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
            _state.Status = status;
        }

        if (step.Close && ReferenceEquals(_state.Dialog, d))
        {
            _state.Dialog = null;
            _state.Mode = Mode.Normal;
        }
    }

    private void OpenSortPicker()
    {
        var items = ColumnSpec.All.Select(c => Cells.Fit(c.Title, 8, false) + c.Help).ToList();
        OpenPicker(new Picker("Sort by (Enter chooses, Esc cancels)", items, i => SortBy(ColumnSpec.All[i].Column)) { Index = SortIndex() });
    }

    private void OpenUserPicker()
    {
        var users = _store.Shown?.Users.OrderBy(u => u.Name, StringComparer.Ordinal).ToList() ?? [];
        var items = new List<string> { "(all users)" };
        items.AddRange(users.Select(u => $"{u.Name} (uid {u.Uid}, {u.Tasks} tasks)"));
        int current = _state.Options.UserFilter is { } uid ? users.FindIndex(u => u.Uid == uid) + 1 : 0;
        OpenPicker(new Picker("Show processes of (Enter chooses, Esc cancels)", items, i =>
        {
            Options = _state.Options with { UserFilter = i == 0 ? null : users[i - 1].Uid };
            _state.Status = i == 0 ? "all users" : "user " + users[i - 1].Name;
        })
        { Index = Math.Max(0, current) });
    }

    private void OpenPicker(Picker picker)
    {
        _state.Picker = picker;
        _state.Mode = Mode.Picker;
    }

    private void ClosePicker()
    {
        _state.Mode = Mode.Normal;
        _state.Picker = null;
    }

    private void HandlePickerKey(UiKey key)
    {
        var p = _state.Picker!;
        switch (key.Special)
        {
            case SpecialKey.Up: p.Index = Math.Max(0, p.Index - 1); return;
            case SpecialKey.Down: p.Index = Math.Min(p.Items.Count - 1, p.Index + 1); return;
            case SpecialKey.PageUp or SpecialKey.Home: p.Index = 0; return;
            case SpecialKey.PageDown or SpecialKey.End: p.Index = p.Items.Count - 1; return;
            case SpecialKey.Enter:
                ClosePicker();
                p.Choose(p.Index);
                return;
            case SpecialKey.Esc or SpecialKey.F6:
                ClosePicker();
                return;
            case SpecialKey.F10 or SpecialKey.CtrlC:
                _state.QuitRequested = true;
                return;
        }

        if (key.Char == 'q')
        {
            ClosePicker();
        }
    }

    private void HandlePromptKey(UiKey key)
    {
        bool search = _state.Mode == Mode.SearchPrompt;
        switch (key.Special)
        {
            case SpecialKey.Enter:
                _state.Mode = Mode.Normal;
                return;
            case SpecialKey.Esc:
                _state.Mode = Mode.Normal;
                _state.Prompt = "";
                if (search)
                {
                    _state.Search = "";
                }
                else
                {
                    Options = _state.Options with { Filter = "" };
                }

                return;
            case SpecialKey.Backspace:
                if (_state.Prompt.Length > 0)
                {
                    _state.Prompt = _state.Prompt[..^1];
                }

                break;
            case SpecialKey.F3 when search:
                JumpToMatch(_state.Prompt, includeCurrent: false);
                return;
            case SpecialKey.F10 or SpecialKey.CtrlC:
                _state.QuitRequested = true;
                return;
            case SpecialKey.None when key.IsChar && !char.IsControl(key.Char):
                _state.Prompt += key.Char;
                break;
            default:
                return;
        }

        if (search)
        {
            _state.Search = _state.Prompt;
            JumpToMatch(_state.Prompt, includeCurrent: true);
        }
        else
        {
            Options = _state.Options with { Filter = _state.Prompt };
        }
    }

    private void JumpToMatch(string text, bool includeCurrent)
    {
        if (text.Length == 0)
        {
            return;
        }

        int i = _view.Table.FindNext(text, _view.SelectedIndex, includeCurrent);
        if (i >= 0)
        {
            _view.Select(i);
            _state.Status = "";
        }
        else
        {
            _state.Status = "no match for \"" + text + "\"";
        }
    }
}
