namespace LimitTop.Tests.Survival;

/// <summary>
/// limittop (the AOT build) in tmux as a non-root uid under RLIMIT_NPROC = <see cref="Limit"/>, and a hog of the
/// same uid holding every other slot. Disposing kills the hog and the tmux session (and so limittop).
/// </summary>
internal sealed class ExhaustedSession : IDisposable
{
    private ExhaustedSession(Tmux tmux, int uid, int limit, string dumpDir)
    {
        Tmux = tmux;
        Uid = uid;
        Limit = limit;
        DumpDir = dumpDir;
    }

    public Tmux Tmux { get; }

    public int Uid { get; }

    public int Limit { get; }

    public string DumpDir { get; }

    public int LimittopPid { get; private set; }

    public Hog? Hog { get; private set; }

    public string HogName { get; private set; } = "";

    /// <summary>Threads limittop had right after its first frame (before the hog).</summary>
    public int LimittopThreads { get; private set; }

    /// <summary>Tasks the hog holds when the user is full.</summary>
    public int HogThreads { get; private set; }

    public static ExhaustedSession Start(AotBuild build, int uid, int limit, int width = 120, int height = 40)
    {
        string dumpParent = Path.Combine(build.Dir, "dumps-" + Sh.Inv(uid));
        Directory.CreateDirectory(dumpParent);
        Sh.Check(Sh.Run("chmod", ["777", dumpParent]), "chmod");
        var tmux = Tmux.Start(width, height);
        var s = new ExhaustedSession(tmux, uid, limit, Path.Combine(dumpParent, "state"));
        try
        {
            Assert.Equal(0, Sh.TasksOfUid(uid)); // nobody else uses this uid
            tmux.Type($"TERM=xterm-256color setpriv --reuid={uid} --regid={uid} --clear-groups prlimit --nproc={limit}:{limit} -- {build.Limittop} --dump-dir {s.DumpDir}");
            tmux.Keys("Enter");
            tmux.WaitFor("PROCESSES", 15);
            s.LimittopPid = Sh.LimittopIn(tmux);
            tmux.WaitTicks(1, "the first refresh after start-up");
            s.LimittopThreads = (int)Sh.Status(s.LimittopPid, "Threads")!.Value;
            return s;
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    /// <summary>Starts the hog and waits until the uid holds every slot; proves a fork of that user fails.</summary>
    public void Exhaust(AotBuild build)
    {
        HogName = "lthog" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Hog = Hog.AsUser(Uid, Limit, build.Hog, "fill", HogName);
        Hog.WaitForLine(l => l.StartsWith("full ", StringComparison.Ordinal), 15, "\"full\" (the limit reached)");
        Eventually.Within(() => Sh.TasksOfUid(Uid) is var n && n >= Limit - 1 && n <= Limit + 1); // a failing clone is charged for an instant
        int tasks = Sh.TasksOfUid(Uid);
        HogThreads = (int)(Sh.Status(Hog.Pid, "Threads") ?? 0);
        Assert.InRange(tasks, Limit - 1, Limit + 1); // a failing clone is charged for an instant
        AssertForkFails();
    }

    /// <summary>Oracle: a shell of the same uid and limit cannot start even /bin/true.</summary>
    public void AssertForkFails()
    {
        var r = Sh.Run("setpriv", [$"--reuid={Uid}", $"--regid={Uid}", "--clear-groups", "prlimit", $"--nproc={Limit}:{Limit}", "--", "/bin/sh", "-c", "/bin/true"]);
        Assert.True(r.ExitCode != 0, $"a fork of uid {Uid} should fail at the limit; it exited 0");
    }

    public void Dispose()
    {
        Hog?.Dispose();
        Tmux.Dispose();
        // limittop got SIGHUP with the session; wait so the next test starts from a clean uid
        for (int i = 0; i < 50 && LimittopPid > 0 && Sh.Alive(LimittopPid); i++)
        {
            Thread.Sleep(100);
        }

        if (LimittopPid > 0 && Sh.Alive(LimittopPid))
        {
            try
            {
                using var p = System.Diagnostics.Process.GetProcessById(LimittopPid);
                p.Kill();
            }
            catch (ArgumentException)
            {
            }
        }
    }
}
