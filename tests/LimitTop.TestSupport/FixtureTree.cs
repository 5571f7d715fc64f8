using LimitTop.Core.Procfs;

namespace LimitTop.TestSupport;

/// <summary>
/// The one fake kernel: a captured /proc, /sys and /etc tree under tests/LimitTop.Core.Tests/Fixtures (what
/// <c>--proc/--sys/--etc</c> read), optionally copied to a scratch directory so a test can change it.
/// </summary>
public sealed class FixtureTree : IDisposable
{
    private readonly string? _scratch;

    private FixtureTree(string dir, string? scratch)
    {
        Dir = dir;
        _scratch = scratch;
    }

    public string Dir { get; }

    public ProcRoot Root => new(Path.Combine(Dir, "proc"), Path.Combine(Dir, "sys"), Path.Combine(Dir, "etc"));

    /// <summary>The captured tree <paramref name="name"/>: beside the test assembly (Core's tests copy them), else in the repository.</summary>
    public static string PathOf(string name)
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
        return Directory.Exists(beside) ? beside : Path.Combine(RepoRoot(), "tests", "LimitTop.Core.Tests", "Fixtures", name);
    }

    /// <summary>The checkout this test runs from (the directory that holds LimitTop.sln).</summary>
    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(d.FullName, "LimitTop.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("LimitTop.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Takes every capability from <paramref name="pid"/> (CapEff 0): the template was captured as root; the
    /// process it stands for is an ordinary one.
    /// </summary>
    public void DropCapabilities(int pid)
    {
        string status = File($"proc/{pid}/status");
        System.IO.File.WriteAllText(status, System.IO.File.ReadAllText(status).Replace("CapEff:\t000001fffeffffff", "CapEff:\t0000000000000000", StringComparison.Ordinal));
    }

    public static FixtureTree Open(string name) => new(PathOf(name), null);

    public static FixtureTree Copy(string name)
    {
        string scratch = Directory.CreateTempSubdirectory("limittop-fixture-").FullName;
        CopyDir(PathOf(name), scratch);
        return new FixtureTree(scratch, scratch);
    }

    public string File(string relative) => Path.Combine(Dir, relative);

    private static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string f in Directory.GetFiles(from))
        {
            System.IO.File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }

        foreach (string d in Directory.GetDirectories(from))
        {
            CopyDir(d, Path.Combine(to, Path.GetFileName(d)));
        }
    }

    public void Dispose()
    {
        if (_scratch is not null)
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }
}
