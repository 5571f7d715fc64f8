using LimitTop.Core.Export;
using LimitTop.Core.Model;
using static LimitTop.Core.Tests.Actions.ActionTestSupport;

namespace LimitTop.Core.Tests.Dump;

/// <summary>Issue 25 item 14: --dump-dir naming a file says "not a directory", not .NET's "already exists".</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DumpDirectoryTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("lt-ux-dumpdir-").FullName;

    [Fact]
    public void A_file_as_the_dump_directory_is_not_a_directory()
    {
        var r = new DumpWriter("/etc/passwd").Write(Snap([Proc(10, 1000, "app", "/opt/app")], 1, DateTimeOffset.UnixEpoch));
        Assert.False(r.Ok);
        Assert.Equal("dump failed: /etc/passwd is not a directory", r.Message);
        Assert.Equal("/etc/passwd is not a directory", DumpDirectory.Problem("/etc/passwd"));
    }

    [Fact]
    public void Below_a_file_is_not_a_directory_and_missing_or_existing_directories_are_fine()
    {
        string file = Path.Combine(_tmp, "f");
        File.WriteAllText(file, "x");
        Assert.Equal($"{file}/sub: {file} is not a directory", DumpDirectory.Problem(file + "/sub"));
        Assert.Null(DumpDirectory.Problem(_tmp));
        Assert.Null(DumpDirectory.Problem(Path.Combine(_tmp, "new", "deeper")));
    }

    public void Dispose() => Directory.Delete(_tmp, recursive: true);
}
