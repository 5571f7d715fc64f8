namespace LimitTop.Platform;

/// <summary>
/// Raw mode on the controlling terminal (stdin) with termios, the alternate screen and a hidden cursor; and the
/// way back, on every exit path (normal quit, SIGTERM/SIGINT/SIGHUP through the loop's signalfd, an unhandled
/// exception through the last-resort handler). <see cref="Restore"/> may be called any number of times.
/// </summary>
internal static unsafe class TerminalMode
{
    // termios bits (octal in <bits/termios.h>)
    private const uint IGNBRK = 0x1, BRKINT = 0x2, PARMRK = 0x8, ISTRIP = 0x20, INLCR = 0x40, IGNCR = 0x80, ICRNL = 0x100, IXON = 0x400;
    private const uint OPOST = 0x1;
    private const uint ISIG = 0x1, ICANON = 0x2, ECHO = 0x8, ECHONL = 0x40, IEXTEN = 0x8000;
    private const uint CSIZE = 0x30, PARENB = 0x100, CS8 = 0x30;
    private const int VTIME = 5, VMIN = 6;

    /// <summary>Alternate screen on, cursor hidden, keypad-transmit off, attributes reset, screen cleared.</summary>
    private const string EnterSequence = "\u001b[?1049h\u001b[?25l\u001b[?1l\u001b>\u001b[0m\u001b[H\u001b[2J";

    /// <summary>Attributes reset, cursor shown, main screen back, keypad-transmit off.</summary>
    private const string LeaveSequence = "\u001b[0m\u001b[?25h\u001b[?1049l\u001b[?1l\u001b>";

    private static Termios _saved;
    private static bool _haveSaved;
    private static bool _active;

    /// <summary>Remembers the terminal's settings (before any mode touches them) for <see cref="Restore"/>.</summary>
    public static void Save()
    {
        Termios t;
        if (Native.TcGetAttr(Fd.Stdin, &t) == 0)
        {
            _saved = t;
            _haveSaved = true;
        }
    }

    /// <summary>Raw mode + alternate screen. False when stdin is not a terminal whose settings can be read.</summary>
    public static bool Enter()
    {
        if (!_haveSaved)
        {
            Save();
        }

        if (!_haveSaved)
        {
            return false;
        }

        Termios raw = _saved;
        raw.IFlag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
        raw.OFlag &= ~OPOST;
        raw.LFlag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        raw.CFlag &= ~(CSIZE | PARENB);
        raw.CFlag |= CS8;
        raw.Cc[VMIN] = 1;
        raw.Cc[VTIME] = 0;
        if (Native.TcSetAttr(Fd.Stdin, Native.TCSANOW, &raw) != 0)
        {
            return false;
        }

        _active = true;
        Fd.Write(Fd.Stdout, EnterSequence);
        return true;
    }

    /// <summary>
    /// Another mode (Terminal.Gui) has the terminal now: <see cref="Restore"/> puts the saved settings back if it
    /// dies without doing so. <see cref="Disown"/> when it has restored the terminal itself.
    /// </summary>
    public static void Adopt()
    {
        Save();
        _active = _haveSaved;
    }

    public static void Disown() => _active = false;

    /// <summary>Back to the saved settings and the main screen; a no-op when nothing was changed.</summary>
    public static void Restore()
    {
        if (!_active)
        {
            return;
        }

        _active = false;
        Fd.Write(Fd.Stdout, LeaveSequence);
        Termios t = _saved;
        _ = Native.TcSetAttr(Fd.Stdin, Native.TCSANOW, &t);
    }

    /// <summary>Columns and rows of the terminal; null when it cannot say.</summary>
    public static (int Width, int Height)? Size()
    {
        WinSize ws;
        if (Native.IoctlWinsize(Fd.Stdout, Native.TIOCGWINSZ, &ws) == 0 && ws.Cols > 0 && ws.Rows > 0)
        {
            return (ws.Cols, ws.Rows);
        }

        return null;
    }
}
