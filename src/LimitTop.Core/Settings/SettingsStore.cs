using System.Text;

namespace LimitTop.Core.Settings;

/// <summary>The result of reading limittop.conf: the settings (empty on any trouble), the file to rewrite, and
/// one line for the status bar when something was wrong.</summary>
public sealed record SettingsLoad(LimitTopSettings Settings, SettingsFile File, string? Warning);

/// <summary>
/// Finds, reads and writes <c>$XDG_CONFIG_HOME/limittop/limittop.conf</c> (else <c>~/.config/…</c>). Reading never
/// throws: a missing file is the defaults, a damaged or unreadable one the defaults plus a warning. Writing is
/// atomic (a temporary file in the same directory, then rename) with mode 0644, the directory created 0700.
/// </summary>
public static class SettingsStore
{
    public const string FileName = "limittop.conf";

    /// <summary>Larger than any settings file; a bigger one is not ours.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The settings path for this environment, or null when neither XDG_CONFIG_HOME nor HOME is usable.</summary>
    public static string? DefaultPath(Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        // The XDG base directory spec: a relative XDG_CONFIG_HOME is invalid and ignored.
        if (env("XDG_CONFIG_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "limittop", FileName);
        }

        return env("HOME") is { Length: > 0 } home && Path.IsPathRooted(home)
            ? Path.Combine(home, ".config", "limittop", FileName)
            : null;
    }

    public static SettingsLoad Load(string? path)
    {
        var empty = new LimitTopSettings();
        if (path is null)
        {
            return new(empty, SettingsFile.Empty(), null);
        }

        byte[] bytes;
        try
        {
            if (Directory.Exists(path))
            {
                return new(empty, SettingsFile.Empty(), $"settings {path}: is a directory; using defaults");
            }

            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            if (fs.Length > MaxBytes)
            {
                return new(empty, SettingsFile.Empty(), $"settings {path}: larger than {MaxBytes / 1024} KiB; using defaults");
            }

            bytes = new byte[fs.Length];
            fs.ReadExactly(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new(empty, SettingsFile.Empty(), null); // no file yet: the defaults, nothing to say
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(empty, SettingsFile.Empty(), $"settings {path}: {Reason(e)}; using defaults");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return new(empty, SettingsFile.Empty(), $"settings {path}: not a text file; using defaults");
        }

        if (text.Contains('\0'))
        {
            return new(empty, SettingsFile.Empty(), $"settings {path}: not a text file; using defaults");
        }

        var problems = new List<string>();
        var file = SettingsFile.Parse(text, problems);
        var settings = LimitTopSettings.From(file, problems);
        string? warning = problems.Count == 0 ? null
            : $"settings {path}: {string.Join("; ", problems.Take(3))}{(problems.Count > 3 ? $" (+{problems.Count - 3} more)" : "")}";
        return new(settings, file, warning);
    }

    /// <summary>Writes <paramref name="settings"/> into <paramref name="file"/> and saves it; returns the error in words, or null.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static string? Save(string path, SettingsFile file, LimitTopSettings settings)
    {
        settings.WriteTo(file);
        string dir = Path.GetDirectoryName(path) ?? ".";
        string temp = Path.Combine(dir, $".{FileName}.{Environment.ProcessId}.tmp");
        try
        {
            if (!Directory.Exists(dir))
            {
                Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var options = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            using (var fs = new FileStream(temp, options))
            {
                fs.Write(Encoding.UTF8.GetBytes(file.ToText()));
                fs.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception e2) when (e2 is IOException or UnauthorizedAccessException)
            {
            }

            return $"settings {path} not saved: {Reason(e)}";
        }
    }

    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "no such directory",
        _ => e.Message,
    };
}
