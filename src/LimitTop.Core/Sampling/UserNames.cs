using System.Globalization;
using LimitTop.Core.Platform;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Sampling;

/// <summary>uid → user name from a passwd file (no NSS, no subprocess); re-read when an unknown uid shows up.</summary>
public sealed class UserNames
{
    private readonly string _path;
    private Dictionary<int, string> _map = [];
    private DateTime _readAt = DateTime.MinValue;

    public UserNames(string passwdPath)
    {
        _path = passwdPath;
        Reload();
    }

    public string Name(int uid)
    {
        if (_map.TryGetValue(uid, out var name))
        {
            return name;
        }

        if (DateTime.UtcNow - _readAt > TimeSpan.FromSeconds(10))
        {
            Reload();
            if (_map.TryGetValue(uid, out name))
            {
                return name;
            }
        }

        return uid.ToString(CultureInfo.InvariantCulture);
    }

    private void Reload()
    {
        _readAt = DateTime.UtcNow;
        // The bounded reader: a FIFO or an oversized passwd in a --etc tree is skipped, never waited on.
        if (BoundedFile.ReadText(_path, BoundedFile.AccountsCap, out _) is { } text)
        {
            _map = PasswdParser.Parse(text);
        }
    }
}
