namespace LimitTop.Schemes;

/// <summary>Which scheme a run uses, and why (for the status bar and tests).</summary>
public sealed record SchemeChoice(ColorScheme Scheme, string Reason);

/// <summary>
/// <c>(env, options, settings) → scheme</c>. No colour wins over everything: <c>--no-color</c>, then
/// <c>NO_COLOR</c> set to any non-empty value (no-color.org), then a terminal that has no colours
/// (<c>TERM=dumb</c>, or no TERM at all). Otherwise the settings file's <c>color_scheme</c>, else the default.
/// </summary>
public static class SchemeChooser
{
    public static SchemeChoice Choose(Func<string, string?> env, bool noColorOption, string? settingsScheme)
    {
        if (noColorOption)
        {
            return new(ColorSchemes.Monochrome, "--no-color");
        }

        if (env("NO_COLOR") is { Length: > 0 })
        {
            return new(ColorSchemes.Monochrome, "NO_COLOR is set");
        }

        string? term = env("TERM");
        if (!HasColours(term))
        {
            return new(ColorSchemes.Monochrome, string.IsNullOrEmpty(term) ? "TERM is not set" : $"TERM={term} has no colours");
        }

        return ColorSchemes.Find(settingsScheme) is { } chosen
            ? new(chosen, "color_scheme in the settings file")
            : new(ColorSchemes.Default, "default");
    }

    /// <summary>
    /// Whether a TERM has colours, without terminfo (limittop reads no database and runs no tput): dumb, the
    /// DEC vt terminals and terminfo's monochrome variants (<c>-m</c>, <c>-mono</c>) have none.
    /// </summary>
    public static bool HasColours(string? term)
    {
        if (string.IsNullOrEmpty(term) || term == "dumb")
        {
            return false;
        }

        if (term.EndsWith("-m", StringComparison.Ordinal) || term.EndsWith("-mono", StringComparison.Ordinal))
        {
            return false;
        }

        return !(term.StartsWith("vt", StringComparison.Ordinal) && !term.Contains("color", StringComparison.Ordinal));
    }
}
