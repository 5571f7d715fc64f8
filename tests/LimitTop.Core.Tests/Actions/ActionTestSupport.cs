using System.Diagnostics;
using LimitTop.Core.Actions;
using LimitTop.Core.Model;

namespace LimitTop.Core.Tests.Actions;

/// <summary>Children the test starts itself, and stand-ins for the kernel (snapshots: LimitTop.TestSupport.Snapshots).</summary>
internal static class ActionTestSupport
{
    /// <summary>Starts a child (no shell) and returns it; the caller kills it in finally.</summary>
    public static Process Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
    }

    public static void KillQuietly(Process? p)
    {
        if (p is null)
        {
            return;
        }

        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }

        p.Dispose();
    }

    /// <summary>A copy of /bin/sleep under a unique name, so "same command" matches only this test's children.</summary>
    public static string UniqueSleep(out string dir)
    {
        dir = Path.Combine(Path.GetTempPath(), "lt-act-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        string name = "lts" + Guid.NewGuid().ToString("N")[..8]; // 11 chars: comm keeps it whole
        string path = Path.Combine(dir, name);
        File.Copy("/bin/sleep", path); // keeps the 0755 mode
        return path;
    }

    public static ulong StartTicks(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return ulong.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>kill/prlimit stand-in: answers from a table and records every call.</summary>
internal sealed class FakeSyscalls : IActionSyscalls
{
    public Dictionary<int, int> KillErrno { get; } = [];
    public List<(int Pid, int Signal)> Kills { get; } = [];
    public int PrlimitSetErrno { get; set; }
    public RLimit64 Current { get; set; } = new(1024, 4096);
    public List<RLimit64> Sets { get; } = [];

    public int Kill(int pid, int signal)
    {
        Kills.Add((pid, signal));
        return KillErrno.GetValueOrDefault(pid);
    }

    public int Prlimit(int pid, int resource, RLimit64? newLimit, out RLimit64 oldLimit)
    {
        oldLimit = Current;
        if (newLimit is { } n)
        {
            if (PrlimitSetErrno != 0)
            {
                return PrlimitSetErrno;
            }

            Sets.Add(n);
            Current = n;
        }

        return 0;
    }
}

/// <summary>A scanner whose "live" members the test scripts round by round.</summary>
internal sealed class FakeScanner : IProcessScanner
{
    private readonly Func<int, IEnumerable<int>> _membersAtScan;
    private int _scans;

    public FakeScanner(Func<int, IEnumerable<int>> membersAtScan) => _membersAtScan = membersAtScan;

    public int Scans => _scans;

    public void Scan(KillTarget target, List<LiveMember> into)
    {
        into.Clear();
        into.AddRange(_membersAtScan(_scans++).Select(p => new LiveMember(p, (ulong)(1000 + p), 'S')));
    }

    public bool TryIdentify(int pid, out LiveMember member)
    {
        member = new LiveMember(pid, (ulong)(1000 + pid), 'S');
        return true;
    }

    public string? CgroupKillPath(KillTarget target) => null;
}
