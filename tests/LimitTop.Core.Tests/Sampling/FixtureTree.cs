using LimitTop.Core.Procfs;

namespace LimitTop.Core.Tests.Sampling;

/// <summary>A captured tree under Fixtures/, optionally copied to a scratch directory so a test can change it.</summary>
internal sealed class FixtureTree : IDisposable
{
    private readonly string? _scratch;

    private FixtureTree(string dir, string? scratch)
    {
        Dir = dir;
        _scratch = scratch;
    }

    public string Dir { get; }

    public ProcRoot Root => new(Path.Combine(Dir, "proc"), Path.Combine(Dir, "sys"), Path.Combine(Dir, "etc"));

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

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
