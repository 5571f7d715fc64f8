using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LimitTop.TestSupport;

namespace LimitTop.Tests.EndToEnd;

/// <summary>
/// Kill, dump and raise limit in the real binary under tmux. Each test starts its own uniquely named copies of
/// sleep (a copied binary: comm and argv0 are ours alone), acts on them only, and kills what is left in finally.
/// </summary>
[Collection("tmux")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class ActionEndToEndTests : IDisposable
{
    private readonly string _dir;
    private readonly List<Process> _children = [];

    public ActionEndToEndTests()
    {
        _dir = Path.Combine(Path.GetTempPath(), "lt-act-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_dir);
        File.SetUnixFileMode(_dir, (UnixFileMode)0x1ED); // 0755: readable for the non-root run
    }

    [GeneratedRegex(@"nofile +soft 64 → 4,096")]
    private static partial Regex NofileItem();

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A copy of sleep under a unique name (≤ 15 characters, so comm is the whole name).</summary>
    private string Hog(string prefix)
    {
        string name = prefix + Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        string path = Path.Combine(_dir, name);
        File.Copy("/bin/sleep", path);
        File.SetUnixFileMode(path, (UnixFileMode)0x1ED);
        return path;
    }

    private Process Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        _children.Add(p);
        return p;
    }

    private static bool Gone(Process p) => p.WaitForExit(30_000) && !Directory.Exists("/proc/" + Inv(p.Id));

    /// <summary>Starts limittop in <paramref name="tmux"/> and selects the row of <paramref name="name"/> with '/'.</summary>
    private static void StartAndFind(Tmux tmux, string name, int pid, string prefix = "", string args = "")
    {
        tmux.Type(prefix + Tmux.LimittopCommand + args);
        tmux.Keys("Enter");
        tmux.WaitFor("PROCESSES", 20);
        tmux.Keys("/");
        tmux.Type(name);
        tmux.Keys("Enter");

        // the hog was started first, so the first sample holds it; the search jumps to its row
        tmux.WaitFor(s => s.Contains("search \"" + name + "\"", StringComparison.Ordinal)
            && s.Split('\n').Any(l => l.TrimStart().StartsWith(Inv(pid) + " ", StringComparison.Ordinal) && l.Contains(name, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5), "the search to select pid " + Inv(pid));
    }

    [SkippableFact]
    public void A_hog_found_with_slash_is_killed_with_k_and_enter()
    {
        string hog = Hog("lt-hog-");
        string name = Path.GetFileName(hog);
        var p = Start(hog, "300");
        using var tmux = Tmux.Start(150, 40);
        StartAndFind(tmux, name, p.Id);

        // Esc cancels: nothing sent, limittop still there
        tmux.Keys("k");
        tmux.WaitFor("Send a signal", 5);
        tmux.Keys("Escape");
        tmux.WaitFor("kill cancelled", 5);
        Assert.False(p.HasExited);
        Assert.Contains("PROCESSES", tmux.Capture(), StringComparison.Ordinal);

        tmux.Keys("k");
        string dialog = tmux.WaitFor("Send a signal", 5);
        Assert.Contains("pid " + Inv(p.Id) + "  " + name, dialog, StringComparison.Ordinal);
        Assert.Contains("user root", dialog, StringComparison.Ordinal);
        Assert.Contains("threads 1", dialog, StringComparison.Ordinal);
        Assert.Contains("▸ TERM (15)", dialog, StringComparison.Ordinal);
        Assert.Contains("(•) this process only (pid " + Inv(p.Id) + ")", dialog, StringComparison.Ordinal);
        tmux.Keys("Enter");
        tmux.WaitFor("sent TERM (15) to pid " + Inv(p.Id), 5);
        Assert.True(Gone(p), "the hog is gone from /proc");
        Assert.Equal(128 + 15, p.ExitCode); // .NET reports a death by signal N as 128 + N: it was our TERM
        tmux.Keys("q");
        tmux.WaitForShell();
    }

    [SkippableFact]
    public void Five_copies_are_killed_in_one_action()
    {
        string hog = Hog("lt-grp-");
        string name = Path.GetFileName(hog);
        var copies = Enumerable.Range(0, 5).Select(_ => Start(hog, "300")).ToList();
        var bystander = Start(Hog("lt-by-"), "300"); // same user, other command: must survive
        using var tmux = Tmux.Start(150, 40);
        StartAndFind(tmux, name, copies[0].Id);

        tmux.Keys("k");
        tmux.WaitFor("Send a signal", 5);
        tmux.Keys("Right");
        string dialog = tmux.WaitFor("(•) all 5 processes with the same command and user", 5);
        Assert.Contains("Enter sends TERM (15) to 5 processes", dialog, StringComparison.Ordinal);
        foreach (var c in copies)
        {
            Assert.Contains(Inv(c.Id), dialog, StringComparison.Ordinal);
        }

        tmux.Keys("Enter");
        tmux.WaitFor("killed 5 processes with TERM", 10);
        Assert.All(copies, c => Assert.True(Gone(c), $"copy {c.Id} gone"));
        Assert.False(bystander.HasExited);
        tmux.Keys("q");
        tmux.WaitForShell();
    }

    [SkippableFact]
    public void D_writes_a_0600_json_dump_with_history()
    {
        string dumps = Path.Combine(_dir, "dumps");
        using var tmux = Tmux.Start(200, 40);
        tmux.Type(Tmux.LimittopCommand + " --dump-dir " + dumps);
        tmux.Keys("Enter");
        tmux.WaitFor("PROCESSES", 20);
        tmux.WaitTicks(3, "three more refreshes for the history");
        tmux.Keys("d");
        string screen = tmux.WaitFor("dumped to " + dumps, 5);
        Assert.Matches(@"\d+ earlier snapshots", screen);

        string json = Directory.GetFiles(dumps, "limittop-*.json").Single();
        string text = Path.ChangeExtension(json, ".txt");
        Assert.True(File.Exists(text));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(json));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(text));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dumps));

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal("limittop.snapshot/1", root.GetProperty("schema").GetString());
        Assert.True(root.GetProperty("processes").GetArrayLength() > 0);
        var history = root.GetProperty("history");
        Assert.InRange(history.GetArrayLength(), 3, 60);
        foreach (var h in history.EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Array, h.GetProperty("processes").ValueKind);
        }

        Assert.Contains("limittop", File.ReadAllText(text), StringComparison.Ordinal);
        tmux.Keys("q");
        tmux.WaitForShell();
    }

    [SkippableFact]
    public void Killing_another_users_process_as_non_root_shows_eperm()
    {
        Need.Root(); // to start limittop as nobody

        string hog = Hog("lt-root-");
        string name = Path.GetFileName(hog);
        var p = Start(hog, "300"); // root's
        using var tmux = Tmux.Start(150, 40);
        StartAndFind(tmux, name, p.Id, prefix: "HOME=" + _dir + " DOTNET_CLI_HOME=" + _dir + " setpriv --reuid=65534 --regid=65534 --clear-groups ");
        tmux.Keys("k");
        tmux.WaitFor("Send a signal", 5);
        tmux.Keys("Enter");
        tmux.WaitFor("TERM to pid " + Inv(p.Id) + ": operation not permitted", 5);
        Thread.Sleep(300);
        Assert.False(p.HasExited);

        // the group form says so too, and the process survives it
        tmux.Keys("k");
        tmux.WaitFor("Send a signal", 5);
        tmux.Keys("Right", "Down", "Enter"); // same command and user, KILL
        tmux.WaitFor("could not be signalled: operation not permitted", 5);
        Thread.Sleep(300);
        Assert.False(p.HasExited);
        tmux.Keys("q");
        tmux.WaitForShell();
    }

    [SkippableFact]
    public void L_raises_soft_nofile_to_hard_and_proc_limits_shows_it()
    {
        string hog = Hog("lt-lim-");
        string name = Path.GetFileName(hog);
        var p = Start("prlimit", "--nofile=64:4096", hog, "300"); // prlimit execs the hog: same PID
        using var tmux = Tmux.Start(150, 40);
        StartAndFind(tmux, name, p.Id);
        Assert.Matches(@"Max open files\s+64\s+4096", File.ReadAllText("/proc/" + Inv(p.Id) + "/limits"));

        tmux.Keys("L");
        string dialog = tmux.WaitFor("Raise a limit", 5);
        string item = dialog.Split('\n').Single(l => NofileItem().IsMatch(l));
        char digit = Regex.Match(item, @"(\d)  nofile").Groups[1].Value[0];
        tmux.Keys(digit.ToString());
        tmux.WaitFor("Set nofile of pid " + Inv(p.Id) + " (" + name + ") to soft 4,096, hard 4,096?", 5);
        Assert.Matches(@"Max open files\s+64\s+4096", File.ReadAllText("/proc/" + Inv(p.Id) + "/limits")); // not before confirming
        tmux.Keys("Enter");
        tmux.WaitFor("nofile of pid " + Inv(p.Id) + ": soft 64 → 4,096", 5);
        Assert.Matches(@"Max open files\s+4096\s+4096", File.ReadAllText("/proc/" + Inv(p.Id) + "/limits"));
        tmux.Keys("q");
        tmux.WaitForShell();
    }

    [SkippableFact]
    public void Kill_dump_and_limit_exec_nothing_and_fork_nothing()
    {
        string trace = Path.Combine(_dir, "strace.txt");
        string hog = Hog("lt-st-");
        string name = Path.GetFileName(hog);
        var copies = Enumerable.Range(0, 3).Select(_ => Start(hog, "300")).ToList();
        using var tmux = Tmux.Start(150, 40);
        StartAndFind(tmux, name, copies[0].Id, prefix: "strace -f -o " + trace + " -e trace=execve,clone,clone3,fork,vfork ", args: " --dump-dir " + Path.Combine(_dir, "d"));
        tmux.Keys("k");
        tmux.WaitFor("Send a signal", 5);
        tmux.Keys("Right", "Enter");
        tmux.WaitFor("killed 3 processes", 10);
        tmux.Keys("d");
        tmux.WaitFor("dumped to", 5);
        tmux.Keys("Home", "L");
        tmux.WaitFor("Raise a limit", 5);
        tmux.Keys("Escape", "q");
        tmux.WaitForShell(20);

        var lines = File.ReadAllLines(trace);
        Assert.Single(lines, l => l.Contains("execve(", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("fork(", StringComparison.Ordinal));
        // (the syscall name with its parenthesis: a checkout path may hold the word "clone" too)
        Assert.All(lines.Where(l => l.Contains(" clone(", StringComparison.Ordinal) || l.Contains(" clone3(", StringComparison.Ordinal)),
            l => Assert.Contains("CLONE_THREAD", l, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        foreach (var p in _children)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill();
                    p.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            p.Dispose();
        }

        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }
}
