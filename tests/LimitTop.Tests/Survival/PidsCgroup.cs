using System.Diagnostics;

namespace LimitTop.Tests.Survival;

/// <summary>
/// A pids cgroup made for one test: v1 under /sys/fs/cgroup/pids when that hierarchy is mounted, else v2 (the
/// unified root, with +pids enabled in its subtree_control). Disposing waits for its tasks to leave and removes it.
/// </summary>
internal sealed class PidsCgroup : IDisposable
{
    private PidsCgroup(string dir, int version, string relative)
    {
        Dir = dir;
        Version = version;
        Relative = relative;
    }

    /// <summary>Absolute directory of the cgroup.</summary>
    public string Dir { get; }

    /// <summary>1 or 2.</summary>
    public int Version { get; }

    /// <summary>Path as /proc/PID/cgroup shows it (and limittop prints it).</summary>
    public string Relative { get; }

    public static PidsCgroup Create(string name, int max)
    {
        const string v1 = "/sys/fs/cgroup/pids";
        const string v2 = "/sys/fs/cgroup";
        PidsCgroup cg;
        if (File.Exists(Path.Combine(v1, "cgroup.procs")))
        {
            cg = new PidsCgroup(Path.Combine(v1, name), 1, "/" + name);
        }
        else if (File.Exists(Path.Combine(v2, "cgroup.controllers")) && File.ReadAllText(Path.Combine(v2, "cgroup.controllers")).Split(' ', '\n').Contains("pids"))
        {
            File.WriteAllText(Path.Combine(v2, "cgroup.subtree_control"), "+pids");
            cg = new PidsCgroup(Path.Combine(v2, name), 2, "/" + name);
        }
        else
        {
            throw new InvalidOperationException("no pids cgroup controller (neither v1 /sys/fs/cgroup/pids nor v2 with pids)");
        }

        Directory.CreateDirectory(cg.Dir);
        File.WriteAllText(Path.Combine(cg.Dir, "pids.max"), Sh.Inv(max));
        return cg;
    }

    public long Current => long.Parse(File.ReadAllText(Path.Combine(Dir, "pids.current")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The "max N" counter of pids.events (forks this cgroup refused).</summary>
    public long EventsMax
    {
        get
        {
            foreach (var l in File.ReadAllLines(Path.Combine(Dir, "pids.events")))
            {
                if (l.StartsWith("max ", StringComparison.Ordinal))
                {
                    return long.Parse(l[4..], System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return 0;
        }
    }

    /// <summary>A shell prefix that moves itself into the cgroup and then execs the command (same PID).</summary>
    public string ShellPrefix => $"sh -c 'echo $$ > {Dir}/cgroup.procs && exec \"$0\" \"$@\"'";

    /// <summary>Starts <paramref name="command"/> inside the cgroup (the returned hog has the command's PID).</summary>
    public Hog Start(params string[] command)
        => Hog.Start("sh", ["-c", $"echo $$ > {Dir}/cgroup.procs && exec \"$0\" \"$@\"", .. command]);

    public void Dispose()
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < 10)
        {
            try
            {
                if (File.ReadAllText(Path.Combine(Dir, "cgroup.procs")).Trim().Length == 0)
                {
                    Directory.Delete(Dir);
                    return;
                }
            }
            catch (IOException)
            {
                // tasks still leaving (EBUSY)
            }

            Thread.Sleep(100);
        }
    }
}
