namespace LimitTop.Dashboard;

/// <summary>Keys of the findings list (f): it scrolls like the event log and closes with Esc, f or q.</summary>
public sealed partial class InputHandler
{
    private void OpenFindings()
    {
        _state.Mode = Mode.Findings;
        _state.FindingsTop = 0;
    }

    private void HandleFindingsKey(UiKey key)
    {
        if (LeavePage(key, closes: key.Special is SpecialKey.Esc or SpecialKey.Enter || key.Char is 'f' or 'q'))
        {
            return;
        }

        int count = FindingsPanel.BodyLines(_store.Shown?.Diagnosis, _view.FrameWidth); // wrapped to the frame's width
        _state.FindingsTop = ScrollBy(key, FindingsPanel.ClampTop(_state.FindingsTop, count, PageOfText), count);
    }
}
