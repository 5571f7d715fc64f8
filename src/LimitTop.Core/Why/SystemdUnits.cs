using LimitTop.Core.Platform;

namespace LimitTop.Core.Why;

/// <summary>
/// The systemd unit a process runs in, from its cgroup path (…/NAME.service, …/NAME.scope, user-UID.slice), and the
/// setting that decides its TasksMax and RLIMIT_NPROC, read from unit files and drop-ins, never by asking systemctl:
/// the unit's own TasksMax=/LimitNPROC= (last assignment wins: unit file, then drop-ins by file name, /etc before
/// /run before /usr/lib), else DefaultTasksMax=/DefaultLimitNPROC= of system.conf, else systemd's defaults
/// (docs/kernel-limits.md).
/// </summary>
public static class SystemdUnits
{
    public static bool IsUnit(string cgroupPath)
        => LastSegment(cgroupPath) is var n && (n.EndsWith(".service", StringComparison.Ordinal) || n.EndsWith(".scope", StringComparison.Ordinal) || n.EndsWith(".slice", StringComparison.Ordinal));

    public static string LastSegment(string path)
    {
        string p = path.TrimEnd('/');
        return p[(p.LastIndexOf('/') + 1)..];
    }

    /// <summary>The unit holding <paramref name="cgroupPath"/>; null when the path is not a systemd unit's.</summary>
    public static UnitInfo? Infer(string etc, string cgroupPath)
    {
        string unit = LastSegment(cgroupPath);
        if (!IsUnit(cgroupPath))
        {
            return null;
        }

        string kind = unit[(unit.LastIndexOf('.') + 1)..];
        var files = UnitFiles(etc, unit);
        var tasks = LastAssignment(files, "TasksMax");
        var nproc = LastAssignment(files, "LimitNPROC");
        var conf = ConfFiles(etc);
        string tasksSetting, nprocSetting;
        string? tasksFile = tasks?.File, nprocFile = nproc?.File;
        if (tasks is { } t)
        {
            tasksSetting = "TasksMax=" + t.Value;
        }
        else if (kind == "service" && LastAssignment(conf, "DefaultTasksMax") is { } dt)
        {
            tasksSetting = "DefaultTasksMax=" + dt.Value;
            tasksFile = dt.File;
        }
        else
        {
            tasksSetting = kind == "service" ? "DefaultTasksMax=15% (systemd's built-in default)" : "no TasksMax= set";
        }

        bool session = kind == "scope" && unit.StartsWith("session-", StringComparison.Ordinal);
        if (nproc is { } n)
        {
            nprocSetting = "LimitNPROC=" + n.Value;
        }
        else if (session)
        {
            nprocSetting = "a login session: pam_limits of the login (sshd, login, su) set it";
        }
        else if (kind == "service" && LastAssignment(conf, "DefaultLimitNPROC") is { } dn)
        {
            nprocSetting = "DefaultLimitNPROC=" + dn.Value;
            nprocFile = dn.File;
        }
        else
        {
            nprocSetting = kind == "service" ? "no LimitNPROC= or DefaultLimitNPROC=: inherited from PID 1 (the kernel's threads-max/2 at boot)" : "inherited from the process that started it";
        }

        return new UnitInfo(unit, kind, tasksSetting, tasksFile, nprocSetting, nprocFile);
    }

    private static string[] Dirs(string etc)
    {
        string root = Path.GetDirectoryName(Path.GetFullPath(etc).TrimEnd('/')) ?? "/";
        return [Path.Combine(etc, "systemd", "system"), Path.Combine(root, "run", "systemd", "system"),
            Path.Combine(root, "usr", "lib", "systemd", "system"), Path.Combine(root, "lib", "systemd", "system")];
    }

    /// <summary>The unit file (first found), then its drop-ins: NAME.d, the template's (a@.service.d), dash prefixes (user-.slice.d).</summary>
    private static List<string> UnitFiles(string etc, string unit)
    {
        var dirs = Dirs(etc);
        var names = new List<string> { unit };
        int at = unit.IndexOf('@');
        string suffix = unit[unit.LastIndexOf('.')..];
        if (at > 0)
        {
            names.Add(unit[..(at + 1)] + suffix);
        }

        string stem = unit[..^suffix.Length];
        for (int dash = stem.LastIndexOf('-'); dash > 0; dash = stem.LastIndexOf('-', dash - 1))
        {
            names.Add(stem[..(dash + 1)] + suffix);
        }

        var files = new List<string>();
        foreach (string name in names)
        {
            if (dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists) is { } main)
            {
                files.Add(main);
                break;
            }
        }

        var dropIns = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in names.AsEnumerable().Reverse())
        {
            foreach (string dir in dirs.Reverse())
            {
                foreach (string f in Conf(Path.Combine(dir, name + ".d")))
                {
                    dropIns[Path.GetFileName(f) + "\0" + name] = f; // a nearer directory replaces a same-named drop-in
                }
            }
        }

        files.AddRange(dropIns.Values);
        return files;
    }

    private static List<string> ConfFiles(string etc)
    {
        string root = Path.GetDirectoryName(Path.GetFullPath(etc).TrimEnd('/')) ?? "/";
        var files = new List<string> { Path.Combine(etc, "systemd", "system.conf") };
        var dropIns = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string dir in new[] { Path.Combine(root, "usr", "lib", "systemd", "system.conf.d"), Path.Combine(etc, "systemd", "system.conf.d") })
        {
            foreach (string f in Conf(dir))
            {
                dropIns[Path.GetFileName(f)] = f;
            }
        }

        files.AddRange(dropIns.Values);
        return files;
    }

    private static string[] Conf(string dir)
    {
        try
        {
            return Directory.Exists(dir) ? Directory.GetFiles(dir, "*.conf") : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static (string Value, string File)? LastAssignment(List<string> files, string key)
    {
        (string, string)? last = null;
        foreach (string file in files)
        {
            foreach (string raw in (BoundedFile.ReadText(file, BoundedFile.ConfigCap, out _) ?? "").Split('\n'))
            {
                string line = raw.Trim();
                if (line.StartsWith(key + "=", StringComparison.Ordinal))
                {
                    last = (line[(key.Length + 1)..].Trim(), file);
                }
            }
        }

        return last;
    }
}
