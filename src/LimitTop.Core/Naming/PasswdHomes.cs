using System.Globalization;
using System.Text;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Naming;

/// <summary>
/// uid → login name (through the existing <see cref="PasswdParser"/>, escaped) and home directory (where a rootless
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
        foreach (string line in text.Split('\n'))
        {
            // name:password:uid:gid:gecos:home:shell — a home must be absolute and free of ".." to be used as a path.
            var f = line.Split(':');
            if (f.Length >= 6 && int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out int uid)
                && f[5].StartsWith('/') && !f[5].Contains("/..", StringComparison.Ordinal) && !f[5].Any(char.IsControl))
            {
                _homes.TryAdd(uid, f[5]);
            }
        }
    }
}
