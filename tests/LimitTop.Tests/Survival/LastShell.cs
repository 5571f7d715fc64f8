using System.Text.RegularExpressions;

namespace LimitTop.Tests.Survival;

/// <summary>
/// The field report's last shell: a shell of a non-root uid under RLIMIT_NPROC = <see cref="Limit"/> in tmux,
/// and a hog of the same uid holding every slot but <see cref="Free"/>. The hog runs under limit − K itself, so
/// it cannot take the K slots (nor the ones limittop's start-up probe gives back), only everything else.
/// Disposing kills the hog and the tmux server.
/// </summary>
internal sealed class LastShell : IDisposable
{
    /// <summary>Threads the hog holds: few, so the scenario costs the machine nothing.</summary>
    public const int HogTasks = 12;

    public const string ShellPrompt = "LTLAST$ ";

    private LastShell(Tmux tmux, int uid, int free)
    {
        Tmux = tmux;
        Uid = uid;
        Free = free;
        Limit = 1 + HogTasks + free; // the shell, the hog, K free
    }

    public Tmux Tmux { get; }

    public int Uid { get; }

    public int Free { get; }

    public int Limit { get; }

    public Hog? Hog { get; private set; }

    public string HogName { get; } = "lthog" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The shell of <paramref name="uid"/> is up and the hog holds all but <paramref name="free"/> tasks.</summary>
    public static LastShell Start(int uid, int free, AotBuild build, int width = 120, int height = 40)
    {
        var tmux = Tmux.Start(width, height);
        var s = new LastShell(tmux, uid, free);
        try
        {
            Assert.Equal(0, Sh.TasksOfUid(uid)); // nobody else uses this uid
            tmux.Cmd("set-option", "-t", tmux.Name, "remain-on-exit", "on"); // the exit status stays readable
            tmux.Type($"export TERM=xterm-256color; exec setpriv --reuid={uid} --regid={uid} --clear-groups prlimit --nproc={s.Limit}:{s.Limit} -- env PS1='{ShellPrompt}' bash --norc --noprofile");
            tmux.Keys("Enter");
            // the typed command holds the prompt's text too: the prompt is the last line alone
            tmux.WaitFor(x => x.TrimEnd().Split('\n')[^1].TrimEnd() == ShellPrompt.TrimEnd(), TimeSpan.FromSeconds(10), "the user's shell");
            Assert.Equal(1, Sh.TasksOfUid(uid));
            s.Hog = Hog.AsUser(uid, s.Limit - free, build.Hog, "fill", s.HogName);
            s.Hog.WaitForLine(l => l.StartsWith("full ", StringComparison.Ordinal), 15, "\"full\"");
            Eventually.Within(() => Sh.TasksOfUid(uid) is var n && n >= s.Limit - free && n <= s.Limit - free + 1); // a failing clone is charged for an instant
            Assert.InRange(Sh.TasksOfUid(uid), s.Limit - free, s.Limit - free + 1); // a failing clone is charged for an instant
            return s;
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    /// <summary>Types <c>exec limittop</c> into the shell: limittop replaces it (the pane's process).</summary>
    public void ExecLimittop(AotBuild build, string args = "")
    {
        string dumps = Path.Combine(build.Dir, "dumps-last-" + Sh.Inv(Uid));
        Directory.CreateDirectory(dumps);
        Sh.Check(Sh.Run("chmod", ["777", dumps]), "chmod");
        Tmux.Type($"exec {build.Limittop} --dump-dir {dumps} {args}".TrimEnd());
        Tmux.Keys("Enter");
    }

    public int PanePid => int.Parse(Tmux.Display("#{pane_pid}"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The exit status of the pane's process once it is dead; null while it runs.</summary>
    public int? DeadStatus()
    {
        // tmux marks the pane dead (its pty closed) a moment before it has the status, or, unreaped, not at all:
        // then the zombie's own exit code; a death by signal has none (-signal here)
        string[] f = Tmux.Display("#{pane_dead} #{pane_dead_status} #{pane_dead_signal}").Split(' ');
        if (f[0] != "1")
        {
            return ZombieStatus(PanePid);
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return f.Length > 1 && f[1].Length > 0 ? int.Parse(f[1], inv) : f.Length > 2 && f[2].Length > 0 ? -int.Parse(f[2], inv) : ZombieStatus(PanePid);
    }

    /// <summary>
    /// The exit status of a process that has exited but is not reaped yet, from /proc/PID/stat's exit_code (field
    /// 52, a wait status); null while it runs. tmux 3.3a now and then leaves the pane's exited process a zombie
    /// for many seconds (seen in about 1 of 8 runs of the K=1 --once test: limittop was gone, tmux had not
    /// called waitpid), so pane_dead alone would call an exit a hang.
    /// </summary>
    private static int? ZombieStatus(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // reaped meanwhile: tmux will say
        }

        string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // rest[0] is field 3 (state)
        if (rest[0] != "Z" || rest.Length < 50)
        {
            return null;
        }

        int w = int.Parse(rest[49], System.Globalization.CultureInfo.InvariantCulture); // field 52
        return (w & 0x7f) == 0 ? (w >> 8) & 0xff : -(w & 0x7f);
    }

    /// <summary>For a failure message: the process's stat line and each thread's name, state and wait channel.</summary>
    public static string Describe(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Trim() + " | " + string.Join("; ", Directory.GetDirectories($"/proc/{pid}/task").Select(d =>
                File.ReadAllText(d + "/comm").Trim() + " " + File.ReadAllText(d + "/stat").Split(") ")[1][..1] + " " + File.ReadAllText(d + "/wchan")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>No .NET exception or stack frame anywhere on the pane.</summary>
    public static void AssertNoStackTrace(string screen)
    {
        Assert.DoesNotMatch(new Regex("exception", RegexOptions.IgnoreCase), screen);
        Assert.DoesNotContain("at System.", screen, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Hog?.Dispose();
        Tmux.Dispose();
    }
}
