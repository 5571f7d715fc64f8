using System.Diagnostics;

namespace LimitTop.Tests.Survival;

/// <summary>
/// The shipped configuration, built once per test run: <c>dotnet publish</c> of src/LimitTop (NativeAOT) into a
/// temporary directory other uids can read, plus the C load generator (Survival/lthog.c). Set
/// LIMITTOP_AOT_BINARY to a published <c>limittop</c> to skip the ~35 s publish.
/// </summary>
public sealed class AotBuild : IDisposable
{
    public AotBuild()
    {
        Dir = Directory.CreateTempSubdirectory("limittop-survival-").FullName;
        Sh.Check(Sh.Run("chmod", ["755", Dir]), "chmod"); // other uids run the binary
        string repo = RepoRoot();
        var sw = Stopwatch.StartNew();
        if (Environment.GetEnvironmentVariable("LIMITTOP_AOT_BINARY") is { Length: > 0 } given && File.Exists(given))
        {
            Limittop = given;
        }
        else
        {
            string publish = Path.Combine(Dir, "publish");
            Sh.Check(Sh.Run("dotnet", ["publish", "-c", "Release", Path.Combine(repo, "src", "LimitTop", "LimitTop.csproj"), "-o", publish,
                "-nodeReuse:false", "-p:UseSharedCompilation=false"], TimeSpan.FromMinutes(5)), "dotnet publish");
            Limittop = Path.Combine(publish, "limittop");
        }

        PublishSeconds = sw.Elapsed.TotalSeconds;
        Assert.True(File.Exists(Limittop), "published limittop at " + Limittop);
        // A NativeAOT binary is an ELF executable, not a managed dll run by a host.
        Assert.False(File.Exists(Path.ChangeExtension(Limittop, ".dll")), "the publish is native (no limittop.dll next to it)");

        Hog = Path.Combine(Dir, "lthog");
        string? cc = new[] { "cc", "gcc", "clang" }.FirstOrDefault(c => File.Exists("/usr/bin/" + c));
        Assert.True(cc is not null, "survival tests need a C compiler (cc, gcc or clang) to build Survival/lthog.c");
        Sh.Check(Sh.Run("/usr/bin/" + cc, ["-O2", "-pthread", "-o", Hog, Path.Combine(repo, "tests", "LimitTop.Tests", "Survival", "lthog.c")]), "cc lthog.c");
    }

    /// <summary>Temporary directory holding the build (mode 755).</summary>
    public string Dir { get; }

    public string Limittop { get; }

    public string Hog { get; }

    public double PublishSeconds { get; }

    public static string RepoRoot() => FixtureTree.RepoRoot();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition("survival")]
public sealed class SurvivalCollection : ICollectionFixture<AotBuild>;
