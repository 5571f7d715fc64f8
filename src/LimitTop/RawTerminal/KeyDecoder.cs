using System.Text;
using LimitTop.Dashboard;
using LimitTop.Frames;

namespace LimitTop.RawTerminal;

/// <summary>
/// Bytes from a raw terminal → the dashboard's <see cref="UiKey"/>s. Knows the xterm, vt220, rxvt, linux-console
/// and tmux/screen encodings of arrows, Home/End, PgUp/PgDn and F1–F10 (CSI and SS3 forms, with or without
/// modifier parameters), UTF-8 text, and the control bytes the dashboard binds. A lone ESC is ambiguous: the
/// start of a sequence or the Esc key; <see cref="Decode"/> leaves it pending until the caller says the short
/// wait after it is over (<c>final</c>), then it is Esc. ESC followed by a printable byte is Alt+key, which the
/// dashboard does not bind (as in the Terminal.Gui mode): it is dropped. Mouse reports are consumed and dropped.
/// </summary>
internal static class KeyDecoder
{
    /// <summary>
    /// Decodes the keys at the start of <paramref name="input"/>; returns how many bytes were used. Bytes of an
    /// incomplete sequence stay unused unless <paramref name="final"/> (no more bytes came within the wait).
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> input, bool final, List<UiKey> keys)
    {
        int i = 0;
        while (i < input.Length)
        {
            int n = DecodeOne(input[i..], final, keys);
            if (n == 0)
            {
                break; // incomplete: wait for more bytes
            }

            i += n;
        }

        return i;
    }

    private static int DecodeOne(ReadOnlySpan<byte> s, bool final, List<UiKey> keys)
    {
        byte b = s[0];
        if (b == 0x1b)
        {
            return Escape(s, final, keys);
        }

        if (b < 0x80)
        {
            if (Control(b) is { } k)
            {
                keys.Add(k);
            }
            else if (b >= 0x20 && b < 0x7f)
            {
                keys.Add(UiKey.Of((char)b));
            }

            return 1;
        }

        return Utf8(s, final, keys);
    }

    private static UiKey? Control(byte b) => b switch
    {
        0x0d or 0x0a => UiKey.Of(SpecialKey.Enter),
        0x7f or 0x08 => UiKey.Of(SpecialKey.Backspace),
        0x09 => UiKey.Of(SpecialKey.Tab),
        0x03 => UiKey.Of(SpecialKey.CtrlC),
        0x0c => UiKey.Of(SpecialKey.CtrlL),
        0x1a => UiKey.Of(SpecialKey.CtrlZ),
        _ => null,
    };

    private static int Escape(ReadOnlySpan<byte> s, bool final, List<UiKey> keys)
    {
        if (s.Length == 1)
        {
            if (!final)
            {
                return 0;
            }

            keys.Add(UiKey.Of(SpecialKey.Esc));
            return 1;
        }

        byte next = s[1];
        if (next == '[')
        {
            return Csi(s, final, keys);
        }

        if (next == 'O')
        {
            if (s.Length < 3)
            {
                return final ? 2 : 0; // Alt+O: not bound
            }

            if (Ss3(s[2]) is { } k)
            {
                keys.Add(UiKey.Of(k));
            }

            return 3;
        }

        if (next == 0x1b)
        {
            keys.Add(UiKey.Of(SpecialKey.Esc)); // Esc pressed twice, or Esc before a sequence
            return 1;
        }

        // Alt+key: the dashboard binds none; a multi-byte character after ESC is dropped whole.
        return next < 0x80 ? 2 : 1 + Math.Max(1, Utf8(s[1..], final, []));
    }

    private static SpecialKey? Ss3(byte c) => c == 'M' ? SpecialKey.Enter : Final(c); // M: keypad Enter in application mode

    /// <summary>Final bytes that mean the same after CSI and after SS3 (xterm sends F1–F4 with modifiers as CSI 1;m P).</summary>
    private static SpecialKey? Final(byte c) => c switch
    {
        (byte)'A' => SpecialKey.Up,
        (byte)'B' => SpecialKey.Down,
        (byte)'C' => SpecialKey.Right,
        (byte)'D' => SpecialKey.Left,
        (byte)'H' => SpecialKey.Home,
        (byte)'F' => SpecialKey.End,
        (byte)'P' => SpecialKey.F1,
        (byte)'Q' => SpecialKey.F2,
        (byte)'R' => SpecialKey.F3,
        (byte)'S' => SpecialKey.F4,
        _ => null,
    };

    private static int Csi(ReadOnlySpan<byte> s, bool final, List<UiKey> keys)
    {
        // linux console F1–F5: ESC [ [ A … E
        if (s.Length >= 3 && s[2] == '[')
        {
            if (s.Length < 4)
            {
                return final ? 3 : 0;
            }

            if (s[3] is >= (byte)'A' and <= (byte)'E')
            {
                keys.Add(UiKey.Of(SpecialKey.F1 + (s[3] - 'A')));
            }

            return 4;
        }

        // parameter and intermediate bytes 0x20–0x3F, then one final byte 0x40–0x7E
        int i = 2;
        while (i < s.Length && s[i] >= 0x20 && s[i] <= 0x3f)
        {
            i++;
        }

        if (i >= s.Length)
        {
            return final ? s.Length : 0;
        }

        byte fin = s[i];
        var p = s[2..i];
        if (fin == 'M' && p.Length == 0)
        {
            // X10 mouse report: three more bytes
            return s.Length >= i + 4 ? i + 4 : final ? s.Length : 0;
        }

        if (p.Length > 0 && p[0] == '<')
        {
            return i + 1; // SGR mouse report: not used in this mode
        }

        if (CsiKey(fin, FirstParam(p)) is { } k)
        {
            keys.Add(UiKey.Of(k));
        }

        return i + 1;
    }

    private static int FirstParam(ReadOnlySpan<byte> p)
    {
        int v = 0;
        foreach (byte c in p)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                break;
            }

            v = Math.Min(v * 10 + (c - '0'), 10_000);
        }

        return v;
    }

    private static SpecialKey? CsiKey(byte fin, int param) => fin == '~' ? Tilde(param) : Final(fin);

    private static SpecialKey? Tilde(int n) => n switch
    {
        1 or 7 => SpecialKey.Home, // vt220/tmux 1, rxvt 7
        4 or 8 => SpecialKey.End,
        5 => SpecialKey.PageUp,
        6 => SpecialKey.PageDown,
        11 => SpecialKey.F1, // rxvt, old xterm
        12 => SpecialKey.F2,
        13 => SpecialKey.F3,
        14 => SpecialKey.F4,
        15 => SpecialKey.F5,
        17 => SpecialKey.F6,
        18 => SpecialKey.F7,
        19 => SpecialKey.F8,
        20 => SpecialKey.F9,
        21 => SpecialKey.F10,
        _ => null,
    };

    private static int Utf8(ReadOnlySpan<byte> s, bool final, List<UiKey> keys)
    {
        var status = Rune.DecodeFromUtf8(s, out Rune r, out int used);
        if (status == System.Buffers.OperationStatus.NeedMoreData && !final)
        {
            return 0;
        }

        if (status == System.Buffers.OperationStatus.Done && r.IsBmp && !char.IsControl((char)r.Value))
        {
            keys.Add(UiKey.Of((char)r.Value));
        }

        return Math.Max(1, used);
    }
}
