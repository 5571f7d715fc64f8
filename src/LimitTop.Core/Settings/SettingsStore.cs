using System.Text;
using LimitTop.Core.Platform;

namespace LimitTop.Core.Settings;

/// <summary>The result of reading limittop.conf: the settings (empty on any trouble), the file to rewrite, and
/// one line for the status bar when something was wrong.</summary>
public sealed record SettingsLoad(LimitTopSettings Settings, SettingsFile File, string? Warning);

/// <summary>
/// Finds, reads and writes <c>$XDG_CONFIG_HOME/limittop/limittop.conf</c> (else <c>~/.config/…</c>). Reading never
/// throws: a missing file is the defaults, a damaged or unreadable one (a FIFO, a link in another user's directory,
/// over 64 KiB) the defaults plus a warning (Platform.BoundedFile). Writing is atomic through Platform.SafeFileWriter
/// (random O_EXCL temporary name, renameat) with mode 0644, the directory created 0700.
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

        // One bounded reader: a FIFO, device or link planted as limittop.conf is refused, never waited on or followed.
        switch (BoundedFile.Read(path, MaxBytes, out byte[] bytes, out string? problem))
        {
            case BoundedRead.Missing:
                return new(empty, SettingsFile.Empty(), null); // no file yet: the defaults, nothing to say
            case BoundedRead.Refused:
                return new(empty, SettingsFile.Empty(), $"settings {path}: {problem}; using defaults");
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
        DropInvalid(file);
        settings.WriteTo(file);
        // Platform.SafeFileWriter: no link planted in the directory is followed, the temporary name is random and
        // created O_EXCL, the mode is exactly 0644, the directory made 0700 when missing.
        string? error = SafeFileWriter.WriteAll(path, Encoding.UTF8.GetBytes(file.ToText()), FileMode, fsync: true, createDirMode: DirMode);
        return error is null ? null : $"settings {path} not saved: {error}";
    }

    private static readonly string[] KnownKeys =
    [
        LimitTopSettings.SortKeyKey, LimitTopSettings.SortDirectionKey, LimitTopSettings.ColumnsKey, LimitTopSettings.KernelThreadsKey,
        LimitTopSettings.TreeViewKey, LimitTopSettings.IntervalKey, LimitTopSettings.ColorSchemeKey, LimitTopSettings.MetersKey,
    ];

    /// <summary>
    /// Removes every known key whose value does not read cleanly, so a rewrite never writes damage back (the key's
    /// default applies; a value the caller set is written again by WriteTo). Comments and unknown keys stay.
    /// </summary>
    private static void DropInvalid(SettingsFile file)
    {
        foreach (string key in KnownKeys)
        {
            if (file.Get(key) is not { } value)
            {
                continue;
            }

            var probe = SettingsFile.Empty();
            probe.Set(key, value);
            var problems = new List<string>();
            LimitTopSettings.From(probe, problems);
            if (problems.Count > 0)
            {
                file.Set(key, null);
            }
        }
    }

    private const int FileMode = 0x1A4; // 0644
    private const int DirMode = 0x1C0; // 0700
}
