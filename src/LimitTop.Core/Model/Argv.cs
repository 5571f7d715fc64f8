namespace LimitTop.Core.Model;

/// <summary>The program a command line started (kill groups and the culprit's copies are told apart by it).</summary>
public static class Argv
{
    /// <summary>The command line up to its first space (the escaped, space-joined form the snapshot holds).</summary>
    public static string First(string cmdline)
    {
        int space = cmdline.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? cmdline : cmdline[..space];
    }
}
