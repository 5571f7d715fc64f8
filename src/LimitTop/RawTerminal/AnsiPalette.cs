using LimitTop.Dashboard;
using LimitTop.Frames;

namespace LimitTop.RawTerminal;

/// <summary>
/// Tone → SGR parameters, the same 16-colour choices as the Terminal.Gui palette (TerminalGui/Views DashboardView
/// Palette), so both modes look alike. A monochrome terminal (TERM=dumb, or TERM unset) gets bold and reverse only.
/// </summary>
internal static class AnsiPalette
{
    // 30–37 / 40–47 normal, 90–97 / 100–107 bright; 38;5;252 is the light grey (208,208,208) of normal text.
    private static readonly string[] Colour = Build(tone => tone switch
    {
        Tone.Normal => "0;38;5;252;40",
        Tone.Dim => "0;90;40",
        Tone.Title => "0;1;96;40",
        Tone.Label => "0;36;40",
        Tone.Ok => "0;92;40",
        Tone.Warning => "0;1;93;40",
        Tone.Critical => "0;1;91;40",
        Tone.TableHeader => "0;30;42",
        Tone.SortedHeader => "0;1;30;46",
        Tone.Selected => "0;30;46",
        Tone.Key => "0;1;97;40",
        Tone.StatusBar => "0;30;46",
        Tone.Frozen => "0;1;30;103",
        Tone.Match => "0;93;40",
        Tone.SelectedWarning => "0;1;30;103",
        Tone.SelectedCritical => "0;1;93;41",
        Tone.Dialog => "0;97;44",
        Tone.DialogBorder => "0;96;44",
        Tone.DialogTitle => "0;1;93;44",
        Tone.DialogDim => "0;37;44",
        Tone.DialogKey => "0;1;96;44",
        Tone.DialogWarning => "0;93;44",
        _ => "0",
    });

    private static readonly string[] Mono = Build(tone => tone switch
    {
        Tone.Title or Tone.Warning or Tone.Critical or Tone.Key or Tone.DialogTitle or Tone.DialogKey or Tone.DialogWarning => "0;1",
        Tone.TableHeader or Tone.Selected or Tone.StatusBar => "0;7",
        Tone.SortedHeader or Tone.Frozen or Tone.SelectedWarning or Tone.SelectedCritical => "0;1;7",
        _ => "0",
    });

    /// <summary>True for TERM=dumb or no TERM at all: no colours.</summary>
    public static bool Monochrome(string? term) => string.IsNullOrEmpty(term) || term == "dumb";

    /// <summary>The escape sequence that selects <paramref name="tone"/>.</summary>
    public static string Sgr(Tone tone, bool monochrome) => (monochrome ? Mono : Colour)[(int)tone];

    private static string[] Build(Func<Tone, string> of)
    {
        var tones = Enum.GetValues<Tone>();
        var a = new string[tones.Length];
        foreach (var t in tones)
        {
            a[(int)t] = "\u001b[" + of(t) + "m";
        }

        return a;
    }
}
