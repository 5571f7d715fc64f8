using System.Text;
using LimitTop.RawTerminal;
using LimitTop.Dashboard;
using LimitTop.Frames;

namespace LimitTop.Tests.RawTerminal;

/// <summary>The single-thread mode's byte → key decoding, for the encodings of xterm, vt220, rxvt, the linux console and tmux.</summary>
public sealed class KeyDecoderTests
{
    private static List<UiKey> Decode(string bytes, bool final = true)
    {
        var keys = new List<UiKey>();
        byte[] b = Encoding.UTF8.GetBytes(bytes);
        Assert.Equal(b.Length, KeyDecoder.Decode(b, final, keys));
        return keys;
    }

    [Theory]
    [InlineData("\u001b[A", SpecialKey.Up)]
    [InlineData("\u001bOB", SpecialKey.Down)]
    [InlineData("\u001b[1;5C", SpecialKey.Right)]
    [InlineData("\u001bOD", SpecialKey.Left)]
    [InlineData("\u001b[H", SpecialKey.Home)]
    [InlineData("\u001b[1~", SpecialKey.Home)]
    [InlineData("\u001b[7~", SpecialKey.Home)]
    [InlineData("\u001bOF", SpecialKey.End)]
    [InlineData("\u001b[4~", SpecialKey.End)]
    [InlineData("\u001b[8~", SpecialKey.End)]
    [InlineData("\u001b[5~", SpecialKey.PageUp)]
    [InlineData("\u001b[6~", SpecialKey.PageDown)]
    [InlineData("\u001bOP", SpecialKey.F1)]
    [InlineData("\u001b[11~", SpecialKey.F1)]
    [InlineData("\u001b[[A", SpecialKey.F1)]
    [InlineData("\u001b[1;2P", SpecialKey.F1)]
    [InlineData("\u001bOR", SpecialKey.F3)]
    [InlineData("\u001b[[E", SpecialKey.F5)]
    [InlineData("\u001b[15~", SpecialKey.F5)]
    [InlineData("\u001b[17~", SpecialKey.F6)]
    [InlineData("\u001b[20~", SpecialKey.F9)]
    [InlineData("\u001b[21~", SpecialKey.F10)]
    [InlineData("\r", SpecialKey.Enter)]
    [InlineData("\u007f", SpecialKey.Backspace)]
    [InlineData("\t", SpecialKey.Tab)]
    [InlineData("\u0003", SpecialKey.CtrlC)]
    [InlineData("\u000c", SpecialKey.CtrlL)]
    [InlineData("\u001a", SpecialKey.CtrlZ)]
    public void Sequences_decode_to_their_key(string bytes, SpecialKey key)
        => Assert.Equal([UiKey.Of(key)], Decode(bytes));

    [Fact]
    public void Text_and_utf8_are_characters()
        => Assert.Equal([UiKey.Of('k'), UiKey.Of('é'), UiKey.Of('ж'), UiKey.Of('/')], Decode("kéж/"));

    [Fact]
    public void A_lone_escape_waits_until_final_then_is_esc()
    {
        var keys = new List<UiKey>();
        Assert.Equal(0, KeyDecoder.Decode("\u001b"u8, final: false, keys));
        Assert.Empty(keys);
        Assert.Equal(1, KeyDecoder.Decode("\u001b"u8, final: true, keys));
        Assert.Equal([UiKey.Of(SpecialKey.Esc)], keys);
    }

    [Fact]
    public void A_split_sequence_waits_for_its_end()
    {
        var keys = new List<UiKey>();
        Assert.Equal(0, KeyDecoder.Decode("\u001b[1"u8, final: false, keys));
        Assert.Equal(1, KeyDecoder.Decode("q\u001b[1"u8, final: false, keys));
        Assert.Equal([UiKey.Of('q')], keys);
        Assert.Equal(0, KeyDecoder.Decode([0xd0], final: false, keys)); // first byte of a 2-byte UTF-8 char
    }

    [Fact]
    public void Alt_keys_and_mouse_reports_are_dropped_and_double_escape_is_esc()
    {
        Assert.Empty(Decode("\u001bk"));
        Assert.Empty(Decode("\u001b[<0;10;5M\u001b[<0;10;5m"));
        Assert.Empty(Decode("\u001b[M !!"));
        Assert.Equal([UiKey.Of(SpecialKey.Esc), UiKey.Of(SpecialKey.Up)], Decode("\u001b\u001b[A"));
        Assert.Equal([UiKey.Of(SpecialKey.Esc), UiKey.Of(SpecialKey.Esc)], Decode("\u001b\u001b"));
    }
}
