using System.Diagnostics;
using System.Globalization;

namespace LimitTop.TestSupport;

/// <summary>
/// Live/ltrefuse.c under setpriv (a uid of its own) and prlimit: it asks for tasks and counts its own refusals,
/// the oracle for the witness. setpriv and prlimit exec, so the pid we start is the program's. Shared by Core's witness
/// tests and the product's (tests/LimitTop.Tests/Witness).
/// </summary>
public sealed class RefusingProgram : IDisposable
{
    private static readonly Lazy<string> Binary = new(Compile);
    private readonly Process _process;

    private RefusingProgram(Process process) => _process = process;

    public int Pid => _process.Id;

    public static string BinaryPath => Binary.Value;

    /// <summary>Starts it as <paramref name="uid"/> with RLIMIT_NPROC <paramref name="nproc"/>; it waits for <see cref="Go"/>.</summary>
    public static RefusingProgram Start(int uid, string nproc, string mode, int n, double seconds = 0)
    {
        var psi = new ProcessStartInfo("setpriv")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[]
        {
            $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "prlimit", $"--nproc={nproc}", "--",
            BinaryPath, mode, n.ToString(CultureInfo.InvariantCulture), seconds.ToString(CultureInfo.InvariantCulture),
        })
        {
            psi.ArgumentList.Add(a);
        }

        var program = new RefusingProgram(Process.Start(psi)!);
        string? ready = program.ReadLine(TimeSpan.FromSeconds(30));
        if (ready != $"ready {program.Pid}")
        {
            string err = program._process.StandardError.ReadToEnd();
            program.Dispose();
            Assert.Fail($"ltrefuse did not start: '{ready}' {err}");
        }

        return program;
    }

    /// <summary>Lets it try; returns its own count of refused requests and the last errno.</summary>
    public (long Failed, long Tries, int Errno) Go(TimeSpan deadline)
    {
        _process.StandardInput.WriteLine("go");
        _process.StandardInput.Flush();
        string? line = ReadLine(deadline);
        Assert.True(line is not null && line.StartsWith("failed ", StringComparison.Ordinal), $"ltrefuse: '{line}'");
        string[] f = line!.Split(' ');
        return (long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[5], CultureInfo.InvariantCulture));
    }

    private string? ReadLine(TimeSpan deadline)
    {
        var t = _process.StandardOutput.ReadLineAsync();
        Assert.True(t.Wait(deadline), "ltrefuse did not answer (deadline only bounds a hang)");
        return t.Result;
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close(); // EOF: it reaps its children and exits
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.WaitForExit(5000);
        _process.Dispose();
    }

    private static string Compile()
    {
        string dir = Directory.CreateTempSubdirectory("limittop-witness-").FullName;
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101); // 755: other uids must be able to exec it
        }
        string bin = Path.Combine(dir, "ltrefuse");
        string src = Path.Combine(FixtureTree.RepoRoot(), "tests", "LimitTop.Core.Tests", "Live", "ltrefuse.c");
        string? cc = new[] { "cc", "gcc", "clang" }.FirstOrDefault(c => File.Exists("/usr/bin/" + c));
        Assert.True(cc is not null, "live witness tests need a C compiler (cc, gcc or clang) to build Live/ltrefuse.c");
        var psi = new ProcessStartInfo("/usr/bin/" + cc) { RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-O2", "-pthread", "-o", bin, src })
        {
            psi.ArgumentList.Add(a);
        }

        using (var p = Process.Start(psi)!)
        {
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "cc ltrefuse.c: " + err);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        return bin;
    }
}
