using System.Diagnostics;
using System.Globalization;
using LimitTop.TestSupport;

namespace LimitTop.Core.Tests.Live;

/// <summary>
/// A child the test starts and kills itself: ltchild (Live/ltchild.c, compiled once per run with the C
/// compiler CI has) under <c>setpriv</c> and <c>prlimit</c>, so uid, limits, threads, fds and queued signals
/// are known exactly. setpriv and prlimit exec, so the pid we start is the child's pid.
/// </summary>
internal sealed class LiveChild : IDisposable
{
    private static readonly Lazy<string> Binary = new(Compile);
    private readonly Process _process;

    private LiveChild(Process process, int pid)
    {
        _process = process;
        Pid = pid;
    }

    public int Pid { get; }

    public static string BinaryPath => Binary.Value;

    /// <summary>A uid no other process uses, so per-user counts are exact even while other tests run.</summary>
    public static int FreeUid(int salt)
    {
        var used = new HashSet<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                foreach (string line in File.ReadLines(Path.Combine(dir, "status")))
                {
                    if (line.StartsWith("Uid:", StringComparison.Ordinal))
                    {
                        used.Add(int.Parse(line.Split('\t')[1], CultureInfo.InvariantCulture));
                        break;
                    }
                }
            }
            catch (IOException)
            {
            }
        }

        for (int uid = 61000 + (Environment.ProcessId % 1000 * 3) + salt; ; uid += 3001)
        {
            if (!used.Contains(uid))
            {
                return uid;
            }
        }
    }

    /// <summary>Starts ltchild with ruid <paramref name="ruid"/> (euid <paramref name="euid"/>) and RLIMIT_NPROC soft:hard.</summary>
    public static LiveChild Start(int ruid, int euid, string nproc, int threads, int files, int signals, string name)
    {
        var p = StartSetpriv(
            $"--ruid={ruid}", $"--euid={euid}", $"--regid={ruid}", "--clear-groups",
            "prlimit", $"--nproc={nproc}", "--",
            BinaryPath, threads.ToString(CultureInfo.InvariantCulture), files.ToString(CultureInfo.InvariantCulture),
            signals.ToString(CultureInfo.InvariantCulture), name);
        var child = new LiveChild(p, p.Id);
        string? ready = child.ReadLine();
        if (ready is null || !ready.StartsWith("ready ", StringComparison.Ordinal))
        {
            string err = p.StandardError.ReadToEnd();
            child.Dispose();
            Assert.Fail($"ltchild did not start: '{ready}' {err}");
        }

        Assert.Equal(p.Id, int.Parse(ready.AsSpan(6), CultureInfo.InvariantCulture));
        return child;
    }

    /// <summary>
    /// Starts ltchild as uid <paramref name="owner"/> (RLIMIT_NPROC soft:hard <paramref name="nproc"/>) in a new user
    /// namespace it owns, maps that namespace's uid/gid 0 to host <paramref name="mappedUid"/>, and lets it run
    /// <paramref name="threads"/> tasks there as that uid.
    /// </summary>
    public static LiveChild StartInUserNamespace(int owner, int mappedUid, string nproc, int threads, string name)
    {
        var p = StartSetpriv(
            $"--reuid={owner}", $"--regid={owner}", "--clear-groups", "prlimit", $"--nproc={nproc}", "--",
            BinaryPath, "userns", threads.ToString(CultureInfo.InvariantCulture), name);
        var child = new LiveChild(p, p.Id);
        string? unshared = child.ReadLine();
        if (unshared is null || !unshared.StartsWith("unshared ", StringComparison.Ordinal))
        {
            string err = p.StandardError.ReadToEnd();
            child.Dispose();
            Assert.Fail($"ltchild could not create a user namespace: '{unshared}' {err}");
        }

        // Root in the parent namespace may map any host uid; setgroups must be denied before gid_map.
        File.WriteAllText($"/proc/{p.Id}/setgroups", "deny");
        File.WriteAllText($"/proc/{p.Id}/gid_map", $"0 {mappedUid} 1");
        File.WriteAllText($"/proc/{p.Id}/uid_map", $"0 {mappedUid} 1");
        string ready = child.Command("go");
        Assert.True(ready == $"ready {p.Id}", $"ltchild in the user namespace: '{ready}'");
        return child;
    }

    /// <summary>Any command that ends by exec'ing ltchild (capsh, a shell's exec): waits for its "ready PID".</summary>
    public static LiveChild StartCommand(string file, params string[] args)
    {
        var p = StartProcess(file, args);
        var child = new LiveChild(p, p.Id);
        string? ready = child.ReadLine();
        if (ready != $"ready {p.Id}")
        {
            string err = p.StandardError.ReadToEnd();
            child.Dispose();
            Assert.Fail($"{file} did not start ltchild: '{ready}' {err}");
        }

        return child;
    }

    /// <summary>setpriv (and what it execs, so the pid is the child's) with stdin/stdout/stderr piped.</summary>
    private static Process StartSetpriv(params string[] args) => StartProcess("setpriv", args);

    private static Process StartProcess(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }

    /// <summary>Sends "fork" or "thread"; returns "ok" or "err ERRNO".</summary>
    public string Command(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        return ReadLine() ?? "eof";
    }

    private string? ReadLine()
    {
        var t = _process.StandardOutput.ReadLineAsync();
        Assert.True(t.Wait(Eventually.HangBound), "ltchild did not answer (hang bound)");
        return t.Result;
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
        }

        _process.WaitForExit(5000);
        _process.Dispose();
    }

    /// <summary>Runs a command (an oracle: ps, ls …) and returns its stdout.</summary>
    public static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {p.ExitCode}: {p.StandardError.ReadToEnd()}");
        return output;
    }

    private static string Compile()
    {
        string dir = Directory.CreateTempSubdirectory("limittop-ltchild-").FullName;
        Run("chmod", "755", dir); // other uids must be able to exec it
        string bin = Path.Combine(dir, "ltchild");
        string src = Path.Combine(AppContext.BaseDirectory, "Live", "ltchild.c");
        Run(Need.CCompiler(), "-O2", "-pthread", "-o", bin, src);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        return bin;
    }
}
