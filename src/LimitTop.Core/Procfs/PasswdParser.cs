using LimitTop.Core.Text;

namespace LimitTop.Core.Procfs;

/// <summary>One line of a passwd file, "name:password:uid:gid:gecos:home:shell", as read (the name NOT escaped).</summary>
public readonly record struct PasswdEntry(string Name, int Uid, int? Gid, string? Home);

/// <summary>
/// The one passwd reader (no NSS, no subprocess): the sampler's user names (Sampling/UserNames), pam_limits' login
/// account (Limits/LoginAccount) and the namer's names and homes (Naming/PasswdHomes) all parse through it.
/// </summary>
public static class PasswdParser
{
    /// <summary>The lines with a name and a numeric uid, in file order; gid and home only when the line has them.</summary>
    public static IEnumerable<PasswdEntry> Entries(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var f = line.Split(':');
            if (f.Length >= 3 && f[0].Length > 0 && int.TryParse(f[2], out int uid))
            {
                int? gid = f.Length >= 4 && int.TryParse(f[3], out int g) ? g : null;
                yield return new PasswdEntry(f[0], uid, gid, f.Length >= 6 ? f[5] : null);
            }
        }
    }

    /// <summary>Parses /etc/passwd lines "name:x:uid:gid:…" into uid → name (first entry wins), escaped for the screen.</summary>
    public static Dictionary<int, string> Parse(string text)
    {
        var map = new Dictionary<int, string>();
        foreach (var e in Entries(text))
        {
            // passwd is not trusted terminal text: a name can hold ESC like any process name.
            map.TryAdd(e.Uid, SafeText.Escape(e.Name));
        }

        return map;
    }
}
