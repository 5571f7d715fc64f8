using System.Text;

namespace LimitTop.Core.Settings;

/// <summary>
/// The text of limittop.conf as htop keeps its htoprc: one <c>key=value</c> per line, <c>#</c> starts a comment.
/// Every line is kept in order, so a rewrite changes only the values that were set and leaves comments, blank
/// lines, unknown keys (a newer version's) and lines it cannot read exactly where they were.
/// </summary>
public sealed class SettingsFile
{
    private readonly List<string> _lines;

    private SettingsFile(List<string> lines) => _lines = lines;

    public static SettingsFile Empty() => new([]);

    /// <summary>Splits <paramref name="text"/> into lines; <paramref name="problems"/> gets one entry per unreadable line.</summary>
    public static SettingsFile Parse(string text, List<string>? problems = null)
    {
        var lines = new List<string>(text.Split('\n'));
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1); // the final newline
        }

        for (int i = 0; i < lines.Count; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
            if (problems is not null && !IsBlankOrComment(lines[i]) && !TrySplit(lines[i], out _, out _))
            {
                problems.Add($"line {i + 1}: not key=value");
            }
        }

        return new SettingsFile(lines);
    }

    /// <summary>The keys in file order (the last one wins when a key repeats, as in htop).</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var line in _lines)
            {
                if (TrySplit(line, out var key, out _))
                {
                    yield return key;
                }
            }
        }
    }

    public string? Get(string key)
    {
        string? value = null;
        foreach (var line in _lines)
        {
            if (TrySplit(line, out var k, out var v) && k == key)
            {
                value = v;
            }
        }

        return value;
    }

    /// <summary>Sets <paramref name="key"/> in place (its last line) or appends it; a null value removes the key.</summary>
    public void Set(string key, string? value)
    {
        if (key.Length == 0 || key.Contains('=') || key.Contains('\n') || key.TrimStart().StartsWith('#'))
        {
            throw new ArgumentException("not a settings key: " + key, nameof(key));
        }

        if (value is not null && (value.Contains('\n') || value.Contains('\r')))
        {
            throw new ArgumentException("a settings value is one line", nameof(value));
        }

        int last = -1;
        for (int i = 0; i < _lines.Count; i++)
        {
            if (TrySplit(_lines[i], out var k, out _) && k == key)
            {
                last = i;
            }
        }

        if (value is null)
        {
            _lines.RemoveAll(l => TrySplit(l, out var k, out _) && k == key);
        }
        else if (last >= 0)
        {
            _lines[last] = key + "=" + value;
        }
        else
        {
            _lines.Add(key + "=" + value);
        }
    }

    public string ToText()
    {
        var sb = new StringBuilder();
        foreach (var line in _lines)
        {
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    private static bool IsBlankOrComment(string line)
    {
        var t = line.AsSpan().TrimStart();
        return t.IsEmpty || t[0] == '#';
    }

    private static bool TrySplit(string line, out string key, out string value)
    {
        key = value = "";
        if (IsBlankOrComment(line))
        {
            return false;
        }

        int eq = line.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return false;
        }

        key = line[..eq].Trim();
        value = line[(eq + 1)..].Trim();
        return key.Length > 0 && !key.Any(char.IsWhiteSpace);
    }
}
