using System.Globalization;
using System.Text;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Naming;

/// <summary>
/// uid → login name (through the one passwd reader, <see cref="PasswdParser"/>, escaped) and home directory (where a rootless
/// Podman store lives), from the passwd file of an /etc tree; re-read when the file's stamp changes, looked at no
/// more often than the namer rechecks. No NSS, no subprocess.
/// </summary>
public sealed class PasswdHomes
{
    private readonly string _file;

    /// <summary>The passwd file read.</summary>
    public string File => _file;
    private FileStamp _stamp;
    private bool _loaded;
    private Dictionary<int, string> _names = [];
    private Dictionary<int, string> _homes = [];

    public PasswdHomes(string etc) => _file = Path.Combine(etc, "passwd");

    public string NameOf(int uid)
    {
        Refresh();
        return _names.TryGetValue(uid, out var n) ? n : uid.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The home directory of <paramref name="uid"/>; null when passwd has none (or an unsafe one).</summary>
    public string? HomeOf(int uid)
    {
        Refresh();
        return _homes.GetValueOrDefault(uid);
    }

    private void Refresh()
    {
        FileStamp now = NamerFileReader.Stamp(_file);
        if (_loaded && now == _stamp)
        {
            return;
        }

        _loaded = true;
        byte[]? bytes = NamerFileReader.Read(_file, NamerFileReader.StoreCap, out _stamp, out _);
        string text = bytes is null ? "" : Encoding.UTF8.GetString(bytes);
        _names = PasswdParser.Parse(text);
        _homes = [];
        foreach (var e in PasswdParser.Entries(text))
        {
            // a home must be absolute and free of ".." to be used as a path
            if (e.Home is { } home && home.StartsWith('/') && !home.Contains("/..", StringComparison.Ordinal) && !home.Any(char.IsControl))
            {
                _homes.TryAdd(e.Uid, home);
            }
        }
    }
}
