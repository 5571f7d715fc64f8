using System.Diagnostics;
using System.Globalization;

namespace LimitTop.Tests.Survival;

/// <summary>Small process and /proc helpers for the survival scenarios (test side only).</summary>
internal static class Sh
{
    public readonly record struct Result(int ExitCode, string Stdout, string Stderr, string What);

    public static Result Run(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }

        return new Result(p.ExitCode, stdout.Result, stderr.Result, file + " " + string.Join(' ', psi.ArgumentList));
    }

    public static void Check(Result r, string what)
        => Assert.True(r.ExitCode == 0, $"{what} failed ({r.ExitCode}): {r.Stderr}\n{r.Stdout}");

    public static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Fields of /proc/PID/status ("Threads", "VmRSS" …); null when the process is gone.</summary>
    public static long? Status(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    var tok = line[(field.Length + 1)..].Trim().Split(' ', '\t')[0];
                    return long.Parse(tok, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>Sum of Threads: over every process whose real uid is <paramref name="uid"/> (the RLIMIT_NPROC count).</summary>
    public static int TasksOfUid(int uid)
    {
        int sum = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            string name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]))
            {
                continue;
            }

            try
            {
                int ruid = -1, threads = 0;
                foreach (var line in File.ReadLines(dir + "/status"))
                {
                    if (line.StartsWith("Uid:", StringComparison.Ordinal))
                    {
                        ruid = int.Parse(line[4..].Trim().Split('\t')[0], CultureInfo.InvariantCulture);
                    }
                    else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                    {
                        threads = int.Parse(line[8..].Trim(), CultureInfo.InvariantCulture);
                    }
                }

                if (ruid == uid)
                {
                    sum += threads;
                }
            }
            catch (IOException)
            {
                // vanished
            }
        }

        return sum;
    }

    /// <summary>PIDs whose parent is <paramref name="ppid"/>.</summary>
    public static List<int> Children(int ppid)
    {
        var list = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                string stat = File.ReadAllText(dir + "/stat");
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(rest[1], CultureInfo.InvariantCulture) == ppid)
                {
                    list.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return list;
    }

    /// <summary>The limittop process started from the tmux pane's shell (waits until it has exec'd).</summary>
    public static int LimittopIn(Tmux tmux, double seconds = 10)
    {
        int shell = int.Parse(tmux.Display("#{pane_pid}"), CultureInfo.InvariantCulture);
        var sw = Stopwatch.StartNew();
        var bound = Eventually.Generous(TimeSpan.FromSeconds(seconds));
        while (sw.Elapsed < bound)
        {
            foreach (int pid in Children(shell))
            {
                try
                {
                    if (File.ReadAllText($"/proc/{pid}/comm").Trim() == "limittop")
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                }
            }

            Thread.Sleep(100);
        }

        Assert.Fail("no limittop child of the tmux shell");
        return -1;
    }

    public static bool Alive(int pid) => Directory.Exists("/proc/" + Inv(pid)) && !(State(pid) is 'Z' or 'X' or null);

    /// <summary>True when every thread of <paramref name="pid"/> is stopped (state T): a SIGSTOP has taken hold.</summary>
    public static bool AllStopped(int pid)
    {
        try
        {
            return Directory.GetDirectories($"/proc/{pid}/task").All(t => State(int.Parse(Path.GetFileName(t), CultureInfo.InvariantCulture)) is 'T' or 't');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static char? State(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>A started load generator (lthog) that the test owns and kills at the end.</summary>
internal sealed class Hog : IDisposable
{
    private readonly Process _p;
    private readonly List<string> _lines = [];

    private Hog(Process p)
    {
        _p = p;
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } d)
            {
                lock (_lines)
                {
                    _lines.Add(d);
                }
            }
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
    }

    public int Pid => _p.Id;

    public Process Process => _p;

    /// <summary>Starts <paramref name="file"/> with arguments; the last process image (after setpriv/prlimit/exec) keeps this PID.</summary>
    public static Hog Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return new Hog(Process.Start(psi)!);
    }

    /// <summary>As uid <paramref name="uid"/> with soft = hard RLIMIT_NPROC <paramref name="nproc"/> (null: inherited).</summary>
    public static Hog AsUser(int uid, int? nproc, params string[] command)
    {
        var args = new List<string> { "--reuid=" + Sh.Inv(uid), "--regid=" + Sh.Inv(uid), "--clear-groups" };
        if (nproc is { } n)
        {
            args.AddRange(["prlimit", "--nproc=" + Sh.Inv(n) + ":" + Sh.Inv(n), "--"]);
        }

        args.AddRange(command);
        return Start("setpriv", [.. args]);
    }

    public string[] Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string WaitForLine(Func<string, bool> ok, double seconds, string what)
    {
        var sw = Stopwatch.StartNew();
        seconds = Eventually.Generous(TimeSpan.FromSeconds(seconds)).TotalSeconds; // a deadline bounds a hang only
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            if (Lines.FirstOrDefault(ok) is { } l)
            {
                return l;
            }

            if (_p.HasExited)
            {
                // WaitForExit with a timeout does not wait for the redirected output to reach EOF: the hog's
                // last line may still be in the async reader. WaitForExitAsync drains both pipes (bounded here).
                DrainOutput(TimeSpan.FromSeconds(5));
                if (Lines.FirstOrDefault(ok) is { } last)
                {
                    return last;
                }

                break;
            }

            Thread.Sleep(50);
        }

        Assert.Fail($"hog {Pid}: no {what} within {seconds} s (exited: {_p.HasExited}); output: {string.Join(" | ", Lines)}");
        return "";
    }

    public bool WaitForExit(double seconds) => _p.WaitForExit(TimeSpan.FromSeconds(seconds));

    private void DrainOutput(TimeSpan bound)
    {
        using var cts = new CancellationTokenSource(bound);
        try
        {
            _p.WaitForExitAsync(cts.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // a descendant still holds the pipe: judge by the lines read so far
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_p.HasExited)
            {
                _p.Kill();
                _p.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _p.Dispose();
    }
}
