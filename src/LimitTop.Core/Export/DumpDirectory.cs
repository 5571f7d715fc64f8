namespace LimitTop.Core.Export;

/// <summary>
/// What is wrong with a dump directory before anything is written, in the user's words (--dump-dir /etc/passwd
/// said "The file '/etc/passwd' already exists." from .NET). The command line can call <see cref="Problem"/> to
/// refuse a bad --dump-dir at start-up; <see cref="DumpWriter"/> calls it before each dump.
/// </summary>
public static class DumpDirectory
{
    /// <summary>Null when <paramref name="dir"/> is a directory or does not exist yet (the dump creates it); else why not.</summary>
    public static string? Problem(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        string full;
        try
        {
            full = Path.GetFullPath(dir);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"{dir}: not a usable path";
        }

        if (Directory.Exists(full))
        {
            return null;
        }

        if (File.Exists(full))
        {
            return $"{dir} is not a directory";
        }

        // a missing directory is created, unless a component above it is a file
        for (string? up = Path.GetDirectoryName(full); up is not null; up = Path.GetDirectoryName(up))
        {
            if (Directory.Exists(up))
            {
                return null;
            }

            if (File.Exists(up))
            {
                return $"{dir}: {up} is not a directory";
            }
        }

        return null;
    }
}
