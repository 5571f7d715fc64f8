using System.Text;
using LimitTop.Dashboard;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;

namespace LimitTop.TerminalGui;

/// <summary>Terminal.Gui keys → the dashboard's own keys (the only place that knows both).</summary>
public static class KeyTranslator
{
    public static UiKey Translate(Key key)
    {
        if (key == Key.Z.WithCtrl)
        {
            return UiKey.Of(SpecialKey.CtrlZ);
        }

        if (key == Key.C.WithCtrl)
        {
            return UiKey.Of(SpecialKey.CtrlC);
        }

        if (key == Key.L.WithCtrl)
        {
            return UiKey.Of(SpecialKey.CtrlL);
        }

        if (key == Key.CursorUp.WithShift)
        {
            return UiKey.Of(SpecialKey.ShiftUp);
        }

        if (key == Key.CursorDown.WithShift)
        {
            return UiKey.Of(SpecialKey.ShiftDown);
        }

        var special = key.KeyCode switch
        {
            KeyCode.CursorUp => SpecialKey.Up,
            KeyCode.CursorDown => SpecialKey.Down,
            KeyCode.CursorLeft => SpecialKey.Left,
            KeyCode.CursorRight => SpecialKey.Right,
            KeyCode.PageUp => SpecialKey.PageUp,
            KeyCode.PageDown => SpecialKey.PageDown,
            KeyCode.Home => SpecialKey.Home,
            KeyCode.End => SpecialKey.End,
            KeyCode.Enter => SpecialKey.Enter,
            KeyCode.Esc => SpecialKey.Esc,
            KeyCode.Backspace => SpecialKey.Backspace,
            KeyCode.Tab => SpecialKey.Tab,
            KeyCode.F1 => SpecialKey.F1,
            KeyCode.F2 => SpecialKey.F2,
            KeyCode.F3 => SpecialKey.F3,
            KeyCode.F4 => SpecialKey.F4,
            KeyCode.F5 => SpecialKey.F5,
            KeyCode.F6 => SpecialKey.F6,
            KeyCode.F7 => SpecialKey.F7,
            KeyCode.F8 => SpecialKey.F8,
            KeyCode.F9 => SpecialKey.F9,
            KeyCode.F10 => SpecialKey.F10,
            _ => SpecialKey.None,
        };
        if (special != SpecialKey.None)
        {
            return UiKey.Of(special);
        }

        if (key.IsCtrl || key.IsAlt)
        {
            return default;
        }

        Rune r = key.AsRune;
        return r.Value > 0 && r.IsBmp && !char.IsControl((char)r.Value) ? UiKey.Of((char)r.Value) : default;
    }
}
