using LimitTop.TestSupport;
using System.Runtime.Versioning;
using LimitTop.Core.Export;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Core.Tests.Platform;

/// <summary>
/// Issue 24, finding 9 (dumps) and issue 25 item 14: the dump directory under a user-owned HOME is reached without
/// following a link that user planted; a --dump-dir that is a file says "not a directory".
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DumpDirectoryPlantTests : IDisposable
{
    private readonly HostileTree _tree = new();

    private static Core.Model.Snapshot Now() => Snap([Member(10, 1000, "app", "/opt/app")], 1, new DateTimeOffset(2026, 12, 7, 19, 0, 0, TimeSpan.Zero));

    [SkippableFact]
    public void A_link_planted_in_a_user_owned_home_is_not_followed()
    {
        Need.Root();
        string home = _tree.UserDir("home");
        string rootOnly = _tree.RootDir("var-lib-secret");
        HostileTree.AsUser("ln", "-s", rootOnly, Path.Combine(home, ".local"));
        var writer = new DumpWriter(null, k => k == "HOME" ? home : null);

        var r = writer.Write(Now());

        Assert.False(r.Ok, r.Message);
        Assert.Contains($"{home}/.local is a symbolic link in {home} (owned by uid 65534): not followed", r.Message);
        Assert.Empty(Directory.GetFileSystemEntries(rootOnly));
    }

    [SkippableFact]
    public void A_link_at_the_final_dump_directory_is_not_followed()
    {
        Need.Root();
        string state = _tree.UserDir("home/.local/state");
        string rootOnly = _tree.RootDir("dumps-of-root");
        HostileTree.AsUser("ln", "-s", rootOnly, Path.Combine(state, "limittop"));

        var r = new DumpWriter(null, k => k == "HOME" ? Path.Combine(_tree.Root, "home") : null).Write(Now());

        Assert.False(r.Ok, r.Message);
        Assert.Contains("not followed", r.Message);
        Assert.Empty(Directory.GetFileSystemEntries(rootOnly));
    }

    [SkippableFact]
    public void Dump_dir_that_is_a_file_says_not_a_directory()
    {
        var r = new DumpWriter("/etc/passwd").Write(Now());
        Assert.False(r.Ok);
        Assert.Equal("dump failed: /etc/passwd: not a directory", r.Message);
    }

    [SkippableFact]
    public void A_dump_leaves_no_temporary_file_and_never_replaces_an_existing_one()
    {
        string dir = _tree.RootDir("dumps");
        string taken = Path.Combine(dir, "limittop-2026-12-07T19-00-00Z.txt");
        File.WriteAllText(taken, "earlier evidence\n");

        var r = new DumpWriter(dir).Write(Now());

        Assert.True(r.Ok, r.Message);
        Assert.Equal(Path.Combine(dir, "limittop-2026-12-07T19-00-00Z-2.json"), r.JsonPath);
        Assert.Equal("earlier evidence\n", File.ReadAllText(taken));
        Assert.False(File.Exists(Path.Combine(dir, "limittop-2026-12-07T19-00-00Z.json")), "the first name's .json went with its pair");
        Assert.Empty(Directory.GetFiles(dir, ".*"));
    }

    public void Dispose() => _tree.Dispose();
}
