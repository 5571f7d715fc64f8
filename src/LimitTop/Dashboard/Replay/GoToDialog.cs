using LimitTop.Core.Recording;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>The replay's <c>g</c>: a time typed as <c>03:14</c>, <c>2026-12-07 03:14:05</c> or <c>-2h</c> (Core/Recording/RecordingTime, UTC).</summary>
public sealed class GoToDialog(ReplayPlayer player, JournalReader reader) : IDialog
{
    private string _text = "";
    private string? _error;

    public string Title => "Go to a recorded time";

    public int PreferredWidth => 60;

    public IReadOnlyList<(string Key, string Label)> Hints => [("Enter", "go"), ("Esc", "cancel")];

    public IReadOnlyList<StyledLine> Body(int innerWidth, int maxLines = int.MaxValue)
    {
        var lines = new List<StyledLine>
        {
            new StyledLine(Tone.Normal).Add("time: ", Tone.Label).Add(_text + "_", Tone.Normal),
            new StyledLine(Tone.Dim).Add("03:14, 2026-12-07 03:14:05 or -2h (UTC)", Tone.Dim),
        };
        if (_error is not null)
        {
            lines.Add(new StyledLine(Tone.Critical).Add(_error, Tone.Critical));
        }

        return [.. lines.Take(maxLines).Select(l => l.Clip(innerWidth))];
    }

    public DialogStep HandleKey(UiKey key)
    {
        switch (key.Special)
        {
            case SpecialKey.Esc:
                return DialogStep.Closed("");
            case SpecialKey.Backspace:
                _text = _text.Length > 0 ? _text[..^1] : _text;
                return DialogStep.Stay;
            case SpecialKey.Enter:
                if (!RecordingTime.TryParse(_text, reader.End ?? player.Time, TimeSpan.Zero, out var time, out string? error))
                {
                    _error = error;
                    return DialogStep.Stay;
                }

                player.JumpTo(time);
                return DialogStep.Closed("at " + time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC");
            case SpecialKey.None when key.IsChar && !char.IsControl(key.Char) && _text.Length < 40:
                _text += key.Char;
                _error = null;
                return DialogStep.Stay;
            default:
                return DialogStep.Stay;
        }
    }
}
