using LimitTop.Core.Tests.Sampling;

namespace LimitTop.Core.Tests.Why;

/// <summary>
/// Fixtures/proc-basic copied and completed for --why: pid 4242 (myapp of bob, 1,632 tasks, nproc soft 1,700) loses the
/// template's capabilities (CapEff 0), gains three tasks with names, a maps file, and a systemd unit
/// (app.service, TasksMax=512 in /etc; DefaultLimitNPROC=4096 in system.conf); /etc gains group and limits.conf.
/// </summary>
internal static class WhyFixture
{
    public const string LimitsConf = "bob soft nproc 20000\nbob soft nproc\n";

    public static FixtureTree Create()
    {
        var tree = FixtureTree.Copy("proc-basic");
        string p = tree.File("proc/4242");
        tree.DropCapabilities(4242);
        foreach (var (tid, comm) in new[] { (4242, "myapp"), (4243, ".NET TP Worker"), (4244, ".NET TP Worker") })
        {
            Directory.CreateDirectory(Path.Combine(p, "task", tid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            File.WriteAllText(Path.Combine(p, "task", tid.ToString(System.Globalization.CultureInfo.InvariantCulture), "comm"), comm + "\n");
        }

        File.WriteAllText(Path.Combine(p, "maps"),
            "55d0c0000000-55d0c0001000 r--p 00000000 08:01 1234 /opt/myapp\n" +
            "55d0c0001000-55d0c0003000 rw-p 00000000 00:00 0 [heap]\n" +
            "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]\n" +
            "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]\n");
        File.WriteAllText(Path.Combine(p, "cgroup"), "9:name=systemd:/user.slice/user-1000.slice/app.service\n8:pids:/user.slice/user-1000.slice/app.service\n0::/user.slice\n");
        File.WriteAllText(tree.File("proc/sys/vm/max_map_count"), "65530\n");

        string etc = tree.File("etc");
        File.WriteAllText(Path.Combine(etc, "group"), "root:x:0:\nbob:x:1000:\n");
        Directory.CreateDirectory(Path.Combine(etc, "security", "limits.d"));
        File.WriteAllText(Path.Combine(etc, "security", "limits.conf"), LimitsConf);
        Directory.CreateDirectory(Path.Combine(etc, "systemd", "system"));
        File.WriteAllText(Path.Combine(etc, "systemd", "system", "app.service"), "[Service]\nExecStart=/opt/myapp\nTasksMax=512\n");
        File.WriteAllText(Path.Combine(etc, "systemd", "system.conf"), "[Manager]\n#DefaultTasksMax=15%\nDefaultLimitNPROC=4096\n");
        return tree;
    }
}
