namespace LimitTop.Core.Tests.Limits;

/// <summary>
/// A scratch /etc fixture tree: passwd, group, security/limits.conf and security/limits.d/*. Accounts: root (0:0),
/// bob (1000:1000, in dev), eve (1001:1001, in dev and ops).
/// </summary>
internal sealed class EtcTree : IDisposable
{
    public EtcTree(string? limitsConf, params (string Name, string Text)[] limitsD)
    {
        Dir = Directory.CreateTempSubdirectory("limittop-why-etc-").FullName;
        File.WriteAllText(Path.Combine(Dir, "passwd"), "root:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000::/home/bob:/bin/bash\neve:x:1001:1001::/home/eve:/bin/bash\n");
        File.WriteAllText(Path.Combine(Dir, "group"), "root:x:0:\nbob:x:1000:\neve:x:1001:\ndev:x:2000:bob,eve\nops:x:2001:eve\n");
        Directory.CreateDirectory(Path.Combine(Dir, "security", "limits.d"));
        if (limitsConf is not null)
        {
            File.WriteAllText(Path.Combine(Dir, "security", "limits.conf"), limitsConf);
        }

        foreach (var (name, text) in limitsD)
        {
            File.WriteAllText(Path.Combine(Dir, "security", "limits.d", name), text);
        }
    }

    public string Dir { get; }

    public string LimitsD(string name) => Path.Combine(Dir, "security", "limits.d", name);

    public string Conf => Path.Combine(Dir, "security", "limits.conf");

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
