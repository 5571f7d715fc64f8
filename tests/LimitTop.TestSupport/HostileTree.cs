using System.Diagnostics;

namespace LimitTop.TestSupport;

/// <summary>
/// A temporary tree where an unprivileged uid (65534, nobody) owns some directories and plants links and FIFOs in
/// them with its own identity (setpriv), as the probe of issue 24 did; root (the test process) then runs the code
/// under test. Removed with everything in it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostileTree : IDisposable
{
    public const int Uid = 65534;

    public HostileTree()
    {
        Root = Directory.CreateTempSubdirectory("lt_secfiles-").FullName;
        File.SetUnixFileMode(Root, (UnixFileMode)Convert.ToInt32("755", 8)); // nobody can reach its directories
    }

    public string Root { get; }

    /// <summary>Makes <paramref name="relative"/> (and parents) as root, then gives the last one to uid 65534 (mode 0755).</summary>
    public string UserDir(string relative)
    {
        string dir = Path.Combine(Root, relative);
        Directory.CreateDirectory(dir);
        Run("chown", $"{Uid}:{Uid}", dir);
        File.SetUnixFileMode(dir, (UnixFileMode)Convert.ToInt32("755", 8));
        return dir;
    }

    /// <summary>A directory of root's, 0755, with one root-owned file in it.</summary>
    public string RootDir(string relative)
    {
        string dir = Path.Combine(Root, relative);
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)Convert.ToInt32("755", 8));
        return dir;
    }

    /// <summary>Runs a command as uid/gid 65534 with no supplementary groups; it must succeed.</summary>
    public static void AsUser(params string[] argv) => Run("setpriv", ["--reuid=" + Uid, "--regid=" + Uid, "--clear-groups", "--", .. argv]);

    /// <summary>
    /// Runs <paramref name="action"/> on a thread of its own; true when it finished within the deadline (a bound on a
    /// hang only). An exception it threw is rethrown here, so a late one cannot crash the test host.
    /// </summary>
    public static bool Finishes(Action action, TimeSpan deadline)
    {
        Exception? thrown = null;
        var t = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                thrown = e;
            }
        }) { IsBackground = true, Name = "hang probe" };
        t.Start();
        if (!t.Join(deadline))
        {
            return false;
        }

        if (thrown is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(thrown).Throw();
        }

        return true;
    }

    /// <summary>Opens a FIFO read-write for a moment (never blocks on Linux), so a thread stuck opening it (old code) is let go.</summary>
    public static void Release(string fifo)
    {
        if (File.Exists(fifo))
        {
            Run("timeout", "10", "sh", "-c", ": <> \"$1\"", "sh", fifo);
        }
    }

    public static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {err}");
    }

    public void Dispose() => Run("rm", "-rf", "--one-file-system", Root);
}
