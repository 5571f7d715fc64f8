using LimitTop.Core.Settings;

namespace LimitTop.Dashboard;

/// <summary>Keys of the F2 setup screen (htop's habit): every change applies at once and is saved.</summary>
public sealed partial class InputHandler
{
    /// <summary>The schemes the setup screen offers, in its order (Schemes/ColorSchemes.cs has their colours).</summary>
    public static IReadOnlyList<string> SchemeNames => LimitTopSettings.SchemeNames;

    public static readonly IReadOnlyList<HeaderPanels> MeterOrder =
        [HeaderPanels.Gauges, HeaderPanels.Diagnosis, HeaderPanels.Users, HeaderPanels.Cgroups, HeaderPanels.Sockets, HeaderPanels.CpuMemory];

    private void OpenSetup()
    {
        _state.Setup ??= new SetupCursor();
        _state.Mode = Mode.Setup;
        _state.Status = "setup: Tab switches list, Space shows/hides, + - moves a column; changes are saved at once";
    }

    private void HandleSetupKey(UiKey key)
    {
        var cur = _state.Setup!;
        int count = cur.Section switch
        {
            SetupSection.Columns => ColumnSpec.All.Count,
            SetupSection.Meters => MeterOrder.Count + 1, // the panels, then the refusal witness
            _ => SchemeNames.Count,
        };
        switch (key.Special)
        {
            case SpecialKey.Esc or SpecialKey.F2 or SpecialKey.F10:
                _state.Mode = Mode.Normal;
                _state.Status = "";
                return;
            case SpecialKey.CtrlC:
                _state.QuitRequested = true;
                return;
            case SpecialKey.Up: cur.Row = Math.Max(0, cur.Row - 1); return;
            case SpecialKey.Down: cur.Row = Math.Min(count - 1, cur.Row + 1); return;
            case SpecialKey.Home: cur.Row = 0; return;
            case SpecialKey.End: cur.Row = count - 1; return;
            case SpecialKey.Tab or SpecialKey.Right: cur.Section = (SetupSection)(((int)cur.Section + 1) % 3); return;
            case SpecialKey.Left: cur.Section = (SetupSection)(((int)cur.Section + 2) % 3); return;
            case SpecialKey.ShiftUp: MoveColumn(-1); return;
            case SpecialKey.ShiftDown: MoveColumn(1); return;
            case SpecialKey.Enter: Toggle(cur); return;
        }

        switch (key.Char)
        {
            case ' ': Toggle(cur); break;
            case '-' or '[': MoveColumn(-1); break;
            case '+' or '=' or ']': MoveColumn(1); break;
            case 'q': _state.Mode = Mode.Normal; _state.Status = ""; break;
        }
    }

    private void Toggle(SetupCursor cur)
    {
        switch (cur.Section)
        {
            case SetupSection.Columns:
                var column = _state.SetupColumns[cur.Row];
                var spec = ColumnSpec.Of(column);
                var visible = _state.Options.Columns.ToList();
                if (spec.Required)
                {
                    _state.Status = spec.Title + " cannot be hidden";
                    return;
                }

                if (!visible.Remove(column))
                {
                    visible.Add(column);
                }

                Options = _state.Options with { Columns = visible };
                cur.Row = _state.SetupColumns.ToList().IndexOf(column);
                Save((visible.Contains(column) ? "column shown: " : "column hidden: ") + spec.Title);
                break;
            case SetupSection.Meters when cur.Row >= MeterOrder.Count:
                _state.Witness = !_state.Witness;
                _state.WitnessChosen = true;
                _state.SwitchWitness?.Invoke(_state.Witness);
                Save(_state.Witness ? "refusal witness on" : "refusal witness off");
                break;
            case SetupSection.Meters:
                var panel = MeterOrder[cur.Row];
                _state.Meters ^= panel;
                Save(((_state.Meters & panel) != 0 ? "panel shown: " : "panel hidden: ") + panel.ToString().ToLowerInvariant());
                break;
            default:
                _state.Scheme = SchemeNames[cur.Row];
                _state.SchemeChosen = true;
                Save("colour scheme: " + _state.Scheme);
                break;
        }
    }

    /// <summary>Moves the column under the cursor one place among the visible columns (a hidden one does not move).</summary>
    private void MoveColumn(int by)
    {
        var cur = _state.Setup!;
        if (cur.Section != SetupSection.Columns)
        {
            return;
        }

        var visible = _state.Options.Columns.ToList();
        int i = cur.Row;
        int j = i + by;
        if (i >= visible.Count || j < 0 || j >= visible.Count)
        {
            return;
        }

        if (visible[i] == ProcessColumn.Command || visible[j] == ProcessColumn.Command)
        {
            _state.Status = "COMMAND stays last (it takes the rest of the line)";
            return;
        }

        (visible[i], visible[j]) = (visible[j], visible[i]);
        Options = _state.Options with { Columns = visible };
        cur.Row = j;
        Save("column moved: " + ColumnSpec.Of(visible[j]).Title);
    }

    /// <summary>Writes the settings (limittop.conf); a failure is the status text, never an exception.</summary>
    private void Save(string done)
    {
        string? error = null;
        try
        {
            error = _state.Persist?.Invoke(_state);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            error = e.Message;
        }

        _state.Status = error is null ? done : done + " · not saved: " + error;
    }
}
