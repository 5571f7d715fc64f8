using System.Text;

namespace LimitTop.Core.Naming;

/// <summary>A setting found in a runtime's config: its value (unquoted) and the file and line that set it.</summary>
public readonly record struct ConfigSetting(string Value, string File, int Line);

/// <summary>
/// The one key of a TOML config that matters here (containers.conf's and crio.conf's <c>pids_limit</c>), read the way
/// both runtimes layer their files: the main file, then the drop-ins of a .d directory in name order, the last
/// assignment winning. Only <c>key = value</c> lines are looked at (tables, comments, arrays ignored): not a TOML
/// parser, and it need not be — a key it cannot read is reported as not set.
/// </summary>
public static class RuntimeConfigKeys
{
    /// <summary>The last assignment of <paramref name="key"/> across <paramref name="files"/> in order; null when none sets it.</summary>
    public static ConfigSetting? Last(IEnumerable<string> files, string key)
    {
        ArgumentNullException.ThrowIfNull(files);
        ConfigSetting? last = null;
        foreach (string file in files)
        {
            byte[]? bytes = NamerFileReader.Read(file, NamerFileReader.ConfigCap, out _, out _);
            if (bytes is null)
            {
                continue;
            }

            string[] lines = Encoding.UTF8.GetString(bytes).Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                int eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || line.StartsWith('#') || !line.AsSpan(0, eq).Trim().SequenceEqual(key))
                {
                    continue;
                }

                string value = line[(eq + 1)..];
                int hash = value.IndexOf('#', StringComparison.Ordinal);
                value = (hash >= 0 ? value[..hash] : value).Trim().Trim('"', '\'');
                last = new ConfigSetting(NameText.Escape(value), file, i + 1);
            }
        }

        return last;
    }

    /// <summary>A main file followed by the *.conf drop-ins of <paramref name="dropInDir"/> in name order.</summary>
    public static IEnumerable<string> Layered(string mainFile, string dropInDir)
    {
        yield return mainFile;
        string[] dropIns;
        try
        {
            dropIns = Directory.Exists(dropInDir) ? Directory.GetFiles(dropInDir, "*.conf") : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            dropIns = [];
        }

        Array.Sort(dropIns, StringComparer.Ordinal);
        foreach (string f in dropIns)
        {
            yield return f;
        }
    }
}
