using LimitTop.Core.Platform;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Limits;

/// <summary>
/// A user as pam_limits sees it at login: name, uid, primary gid, and every group it belongs to (the primary one
/// and each /etc/group entry that lists the name), read from the passwd and group files of an /etc tree.
/// </summary>
public sealed record LoginAccount(string Name, int Uid, int Gid, IReadOnlyDictionary<string, int> Groups)
{
    /// <summary>Member of the group by name (primary or supplementary), as pam_modutil_user_in_group_nam_nam.</summary>
    public bool InGroup(string group) => Groups.ContainsKey(group);

    /// <summary>Member of the group by gid, as pam_modutil_user_in_group_nam_gid.</summary>
    public bool InGroup(int gid) => gid == Gid || Groups.Values.Contains(gid);

    /// <summary>The account of <paramref name="uid"/> in <paramref name="etc"/>/passwd and /group; null when it has none.</summary>
    public static LoginAccount? Find(string etc, int uid)
    {
        string? passwd = ReadOrNull(Path.Combine(etc, "passwd"));
        if (passwd is null)
        {
            return null;
        }

        foreach (var e in PasswdParser.Entries(passwd))
        {
            if (e.Uid == uid && e.Gid is { } gid)
            {
                return new LoginAccount(e.Name, uid, gid, GroupsOf(etc, e.Name, gid));
            }
        }

        return null;
    }

    private static Dictionary<string, int> GroupsOf(string etc, string user, int primary)
    {
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string line in (ReadOrNull(Path.Combine(etc, "group")) ?? "").Split('\n'))
        {
            // name:password:gid:member,member
            var f = line.Split(':');
            if (f.Length < 4 || f[0].Length == 0 || !int.TryParse(f[2], out int gid))
            {
                continue;
            }

            if (gid == primary || f[3].Trim().Split(',').Contains(user))
            {
                groups.TryAdd(f[0], gid);
            }
        }

        return groups;
    }

    /// <summary>The passwd or group file through the bounded reader (a FIFO or a huge file is null, never a hang).</summary>
    internal static string? ReadOrNull(string path) => BoundedFile.ReadText(path, BoundedFile.AccountsCap, out _);
}
