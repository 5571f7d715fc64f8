using LimitTop.Core.Model;
using LimitTop.Core.Why;

namespace LimitTop.Dashboard;

/// <summary>The explanation panel (Enter) and the tree view (F5 / t).</summary>
public sealed partial class InputHandler
{
    /// <summary>
    /// Makes the explanation of a PID against a snapshot (the app wires <see cref="Explainer.Explain(Core.Procfs.ProcRoot, int, Snapshot, Core.Cgroups.CgroupFs?)"/>
    /// over the sampler's /proc and cgroups); null leaves Enter with a status line only.
    /// </summary>
    public Func<int, Snapshot, WhyOutcome>? Explain { get; set; }

    private void OpenWhy()
    {
        if (_view.Selected is not { } p)
        {
            _state.Status = "no process selected";
            return;
        }

        if (Explain is null)
        {
            _state.Status = "explanations are not available here (limittop --why PID prints them)";
            return;
        }

        _state.Why = new WhyView(p.Pid, p.Name);
        _state.Mode = Mode.Why;
        RefreshWhy();
    }

    /// <summary>Explains the open panel's process again from the newest snapshot (on open and once per sample).</summary>
    private void RefreshWhy()
    {
        if (_state.Mode != Mode.Why || _state.Why is not { } w || Explain is not { } explain || _store.Latest is not { } snapshot)
        {
            return;
        }

        try
        {
            w.Update(explain(w.Pid, snapshot));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            w.Fail("cannot read it now: " + e.Message);
        }
    }

    private void CloseWhy()
    {
        _state.Why = null;
        _state.Mode = Mode.Normal;
    }

    private void HandleWhyKey(UiKey key)
    {
        var w = _state.Why!;
        switch (key.Special)
        {
            case SpecialKey.Esc or SpecialKey.Enter: CloseWhy(); return;
            case SpecialKey.Up: w.ScrollBy(-1); return;
            case SpecialKey.Down: w.ScrollBy(1); return;
            case SpecialKey.PageUp: w.ScrollBy(-Math.Max(1, w.PageRows - 1)); return;
            case SpecialKey.PageDown: w.ScrollBy(Math.Max(1, w.PageRows - 1)); return;
            case SpecialKey.Home: w.Scroll = 0; return;
            case SpecialKey.End: w.ScrollBy(int.MaxValue / 2); return;
            case SpecialKey.F10 or SpecialKey.CtrlC: _state.QuitRequested = true; return;
        }

        if (key.Char == 'q')
        {
            CloseWhy();
        }
    }

    private void ToggleTree()
    {
        Options = _state.Options with { Tree = !_state.Options.Tree };
        Save(_state.Options.Tree ? "tree view: Σ counts the tasks of each whole subtree, - + fold (t or F5 for the list)" : "list view");
    }

    /// <summary>htop's fold in the tree view: - hides the selected process's children, + shows them again.</summary>
    private void SetFold(bool fold)
    {
        if (!_state.Options.Tree || _view.Selected is not { } p)
        {
            _state.Status = "- and + fold the tree view (t or F5 opens it)";
            return;
        }

        int i = _view.SelectedIndex;
        if (_view.Table.Tree is not { } cells || i >= cells.Count || !cells[i].HasChildren)
        {
            _state.Status = "pid " + p.Pid + " has no children to fold";
            return;
        }

        var set = new HashSet<int>(_state.Options.Folded);
        if (_store.Shown is { } shown)
        {
            set.IntersectWith(shown.Processes.Select(q => q.Pid)); // folds of exited processes are forgotten
        }

        if (!(fold ? set.Add(p.Pid) : set.Remove(p.Pid)))
        {
            return;
        }

        Options = _state.Options with { Folded = set.Count == 0 ? ViewOptions.NoneFolded : set };
        Save((fold ? "folded: " : "unfolded: ") + p.Name + " (" + p.Pid + ")");
    }
}
