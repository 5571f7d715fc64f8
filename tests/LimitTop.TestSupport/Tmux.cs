using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LimitTop.TestSupport;

/// <summary>
/// A detached tmux session running a shell, for end-to-end tests of the real binary: the one key sender and
/// screen reader. Every wait is for a screen condition, its deadline raised to <see cref="Eventually.HangBound"/>.
/// </summary>
public sealed partial class Tmux : IDisposable
{
    public const string Prompt = "LTPROMPT$ ";

    private Tmux(string name)
    {
        Name = name;
        // Each session's limittop reads and saves settings of its own: a sort key pressed in one test must not
        // become the next test's saved sort (it did: a PID sort left by one test broke the THR▲ waits of the
        // survival scenarios). World-writable and sticky: the survival scenarios run limittop as other uids.
        ConfigHome = Path.Combine(Path.GetTempPath(), "limittop-tests-config-" + name);
        Directory.CreateDirectory(ConfigHome);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(ConfigHome, (UnixFileMode)Convert.ToInt32("1777", 8));
        }
    }

    public string Name { get; }

    /// <summary>The XDG_CONFIG_HOME every program started in this session inherits.</summary>
    public string ConfigHome { get; }

    public static Tmux Start(int width, int height)
    {
        Need.Tool("tmux");
        var t = new Tmux("lt-e2e-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        t.Cmd("new-session", "-d", "-s", t.Name, "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture), "env XDG_CONFIG_HOME='" + t.ConfigHome + "' PS1='" + Prompt + "' bash --norc --noprofile");
        try
        {
            // capture-pane drops trailing spaces, so look for the prompt without its space
            t.WaitFor(s => s.Contains(Prompt.TrimEnd(), StringComparison.Ordinal), TimeSpan.FromSeconds(10), "shell prompt");
        }
        catch
        {
            t.Dispose();
            throw;
        }

        return t;
    }

    /// <summary>The command that runs the built limittop next to the test assembly.</summary>
    public static string LimittopCommand
    {
        get
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "limittop.dll");
            Assert.True(File.Exists(dll), "limittop.dll next to the tests");
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
            return dotnet + " " + dll;
        }
    }

    public void Type(string text) => Cmd("send-keys", "-t", Name, "-l", text);

    /// <summary>
    /// Sends keys one by one. After Escape it pauses: an ESC followed at once by another key reads as Alt+key
    /// (that is how terminals encode Alt), which a human never types by accident.
    /// </summary>
    public void Keys(params string[] keys)
    {
        foreach (var k in keys)
        {
            Cmd("send-keys", "-t", Name, k);
            if (k == "Escape")
            {
                Thread.Sleep(300);
            }
        }
    }

    /// <summary>A left click at 1-based (x, y): SGR mouse press and release written to the pane's input.</summary>
    public void Click(int x, int y)
    {
        string at = x.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";" + y.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Type("\u001b[<0;" + at + "M");
        Type("\u001b[<0;" + at + "m");
    }

    public string Capture() => Cmd("capture-pane", "-p", "-t", Name);

    public string Display(string format) => Cmd("display-message", "-p", "-t", Name, format).Trim();

    /// <summary>
    /// Resizes the window (and its one pane). tmux applies a pane resize that follows the previous one within 250 ms
    /// only when its timer expires; space resizes further apart when their timing matters.
    /// </summary>
    public void Resize(int width, int height)
        => Cmd("resize-window", "-t", Name, "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Captures every <paramref name="pollMs"/> ms until <paramref name="ok"/> holds and returns that screen; fails
    /// with the last screen once the deadline (at least <see cref="Eventually.HangBound"/>) has passed.
    /// </summary>
    public string WaitFor(Func<string, bool> ok, TimeSpan? timeout, string what, int pollMs = 150)
    {
        string screen = "";
        Eventually.Until(() => ok(screen = Capture()), what, timeout, pollMs, () => "the screen was:\n" + screen);
        return screen;
    }

    /// <summary>The title bar's clock (hh:mm:ss): it moves with every refresh, the screen's tick marker.</summary>
    [GeneratedRegex(@"\d\d:\d\d:\d\d")]
    public static partial Regex ClockRx();

    /// <summary>The clock on the first row of <paramref name="screen"/> ("" when there is none).</summary>
    public static string Clock(string screen) => ClockRx().Match(screen.Split('\n')[0]).Value;

    /// <summary>
    /// Waits until the header clock has moved <paramref name="ticks"/> times: that many refreshes have been drawn
    /// (what a test used to sleep a second per tick for). Returns the last screen.
    /// </summary>
    public string WaitTicks(int ticks, string why = "")
    {
        string screen = Capture();
        for (int i = 1; i <= ticks; i++)
        {
            string seen = Clock(screen);
            screen = WaitFor(s => Clock(s) is { Length: > 0 } c && c != seen, null,
                $"refresh {i} of {ticks} (the header clock to move on from \"{seen}\"){(why.Length > 0 ? ": " + why : "")}");
        }

        return screen;
    }

    /// <summary>
    /// True when <paramref name="screen"/> is limittop's dashboard laid out for <paramref name="width"/>×<paramref name="height"/>:
    /// the header on the first row and the status bar on the last. Right after a resize tmux shows the old frame
    /// cropped, or blank new rows, until the program draws again.
    /// </summary>
    public static bool LaidOutFor(string screen, int width, int height)
    {
        // capture-pane ends every row with a newline, a blank one too
        string[] rows = screen.Split('\n');
        if (rows.Length > 0 && rows[^1].Length == 0)
        {
            rows = rows[..^1];
        }

        return rows.Length == height
            && rows[0].TrimStart().StartsWith("limittop ", StringComparison.Ordinal)
            && rows[^1].TrimStart().StartsWith("F1Help", StringComparison.Ordinal)
            && rows.All(r => r.TrimEnd().Length <= width);
    }

    /// <summary>
    /// Waits for <paramref name="text"/> and returns a <b>settled</b> screen: two captures 80 ms apart that agree.
    /// A capture can catch a frame half painted (a dialog's title drawn, its items not yet), and callers read
    /// more than the text they waited for from the screen returned.
    /// </summary>
    public string WaitFor(string text, double seconds = 10)
    {
        var timeout = Eventually.Generous(TimeSpan.FromSeconds(seconds));
        var sw = Stopwatch.StartNew();
        string screen = WaitFor(s => s.Contains(text, StringComparison.Ordinal), timeout, "\"" + text + "\"");
        while (sw.Elapsed < timeout + TimeSpan.FromSeconds(2))
        {
            Thread.Sleep(80);
            string again = Capture();
            if (again == screen)
            {
                return screen;
            }

            screen = again.Contains(text, StringComparison.Ordinal) ? again : WaitFor(s => s.Contains(text, StringComparison.Ordinal), timeout, "\"" + text + "\"");
        }

        return screen; // still changing (a busy screen): the latest capture that has the text
    }

    /// <summary>Waits until the shell prompt is the last line again (the program left); the deadline only bounds a hang.</summary>
    public string WaitForShell(double seconds = 10)
        => WaitFor(s => s.TrimEnd().Split('\n')[^1].TrimEnd() == Prompt.TrimEnd(), TimeSpan.FromSeconds(seconds), "the shell prompt");

    /// <summary>
    /// A tmux command on this session's own server (<c>-L</c>): sessions of parallel tests, of other tools or of
    /// a person on the same machine never share a server, so one ending cannot take another's down.
    /// </summary>
    public string Cmd(params string[] args) => Run(["-L", Name, .. args]);

    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"tmux {string.Join(' ', args)} failed: {error}");
        return output;
    }

    public void Dispose()
    {
        string? socket = null;
        try
        {
            socket = Cmd("display-message", "-p", "#{socket_path}").Trim();
            Cmd("kill-server");
        }
        catch (Xunit.Sdk.XunitException)
        {
            // already gone
        }

        // tmux leaves its socket file behind after kill-server: remove it, the test made it
        if (socket is { Length: > 0 } && socket.EndsWith("/" + Name, StringComparison.Ordinal))
        {
            File.Delete(socket);
        }

        try
        {
            Directory.Delete(ConfigHome, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a limittop of another uid may still be writing: the run's temp clean-up takes it
        }
    }
}
