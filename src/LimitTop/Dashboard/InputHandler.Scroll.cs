namespace LimitTop.Dashboard;

/// <summary>Keys of the pages that scroll in place of the table: the event log (e) and the help (F1).</summary>
public sealed partial class InputHandler
{
    /// <summary>Lines a page key moves on a page that replaces the table: the table's last page size (about the same rows).</summary>
    private int PageOfText => Math.Max(1, _view.PageRows - 2);

    /// <summary>
    /// A page that replaces the table (the event log, the findings, help): its own closing keys go back to the table,
    /// q/F10 quit; true when the key was one of those.
    /// </summary>
    private bool LeavePage(UiKey key, bool closes)
    {
        if (closes)
        {
            _state.Mode = Mode.Normal;
            return true;
        }

        if (IsQuit(key))
        {
            _state.QuitRequested = true;
            return true;
        }

        return false;
    }

    private void HandleEventsKey(UiKey key)
    {
        if (LeavePage(key, closes: key.Special is SpecialKey.Esc or SpecialKey.Enter || key.Char is 'e' or 'q'))
        {
            return;
        }

        int count = _store.Trends.Events.Folds.Count;
        _state.EventsTop = ScrollBy(key, EventsPanel.ClampTop(_state.EventsTop, count, PageOfText), count);
    }

    private void HandleHelpKey(UiKey key)
    {
        if (LeavePage(key, closes: key.Special is SpecialKey.Esc or SpecialKey.F1 or SpecialKey.Enter || key.Char is 'q' or '?' or 'h'))
        {
            return;
        }

        int count = HelpPage.BodyLines(_view.FrameWidth, _state.ModeNote); // its length depends on the width it wraps to
        _state.HelpTop = ScrollBy(key, HelpPage.ClampTop(_state.HelpTop, count, PageOfText), count);
    }

    /// <summary>The new top line after ↑ ↓ PgUp PgDn Home End (the composer clamps it to the last full page).</summary>
    private int ScrollBy(UiKey key, int top, int count) => key.Special switch
    {
        SpecialKey.Up => Math.Max(0, top - 1),
        SpecialKey.Down => Math.Min(Math.Max(0, count - 1), top + 1),
        SpecialKey.PageUp => Math.Max(0, top - PageOfText),
        SpecialKey.PageDown => Math.Min(Math.Max(0, count - 1), top + PageOfText),
        SpecialKey.Home => 0,
        SpecialKey.End => Math.Max(0, count - 1),
        _ => top,
    };
}
