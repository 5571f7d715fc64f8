using LimitTop.Frames;

namespace LimitTop.Schemes;

/// <summary>
/// A scheme as escape sequences, one per <see cref="Tone"/>, built once per scheme: what the single-thread mode's
/// painter writes. The Terminal.Gui mode maps the same <see cref="ToneStyle"/>s to its attributes (TerminalGui/
/// Palette.cs), so both modes draw one scheme alike.
/// </summary>
public static class SchemeSgr
{
    private static readonly Dictionary<ColorScheme, string[]> Tables = [];

    /// <summary>The table for the scheme named <paramref name="name"/> (the default scheme for an unknown name).</summary>
    public static string[] For(string? name) => For(ColorSchemes.Find(name) ?? ColorSchemes.Default);

    public static string[] For(ColorScheme scheme)
    {
        if (!Tables.TryGetValue(scheme, out var table))
        {
            var tones = Enum.GetValues<Tone>();
            table = new string[tones.Length];
            foreach (var t in tones)
            {
                table[(int)t] = scheme[t].Sgr();
            }

            Tables[scheme] = table;
        }

        return table;
    }
}
