using LimitTop.Core.Text;

namespace LimitTop.Core.Procfs;

public static class PasswdParser
{
    /// <summary>Parses /etc/passwd lines "name:x:uid:gid:…" into uid → name (first entry wins).</summary>
    public static Dictionary<int, string> Parse(string text)
    {
        var map = new Dictionary<int, string>();
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(':');
            if (parts.Length >= 3 && parts[0].Length > 0 && int.TryParse(parts[2], out int uid))
            {
                // passwd is not trusted terminal text: a name can hold ESC like any process name.
                map.TryAdd(uid, SafeText.Escape(parts[0]));
            }
        }

        return map;
    }
}
