using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using Xunit.Abstractions;
using LimitTop.Core.Export;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using static LimitTop.Core.Tests.Actions.ActionTestSupport;

namespace LimitTop.Core.Tests.Dump;

[SupportedOSPlatform("linux")]
public sealed class DumpWriterTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "lt-dump-" + Guid.NewGuid().ToString("N")[..8]);

    private static Snapshot At(int second, long seq) => Snap(
        [Proc(10, 1000, "app", "/opt/app --token=s3cret"), Proc(11, 0, "bash", "-bash")],
        seq, new DateTimeOffset(2026, 11, 26, 15, 52, second, TimeSpan.Zero));

    [Fact]
    public void Writes_a_0600_pair_in_a_new_0700_directory_with_history_oldest_first()
    {
        string dir = Path.Combine(_tmp, "a", "b");
        var writer = new DumpWriter(dir);
        var r = writer.Write(At(2, 3), [At(0, 1), At(1, 2)]);

        Assert.True(r.Ok, r.Message);
        Assert.Equal(Path.Combine(dir, "limittop-2026-11-26T15-52-02Z.json"), r.JsonPath);
        Assert.Equal(Path.Combine(dir, "limittop-2026-11-26T15-52-02Z.txt"), r.TextPath);
        Assert.Equal($"dumped to {r.JsonPath} (+ .txt, 2 earlier snapshots)", r.Message);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(r.JsonPath!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(r.TextPath!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));

        using var doc = JsonDocument.Parse(File.ReadAllBytes(r.JsonPath!));
        var root = doc.RootElement;
        Assert.Equal("limittop.snapshot/1", root.GetProperty("schema").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 15, 52, 2, TimeSpan.Zero), root.GetProperty("takenAt").GetDateTimeOffset());
        var history = root.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("takenAt").GetDateTimeOffset().Second).ToList();
        Assert.Equal([0, 1], history);
        Assert.All(root.GetProperty("history").EnumerateArray(), h => Assert.False(h.TryGetProperty("history", out _)));
        Assert.Equal([10, 11], root.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("pid").GetInt32()));

        Assert.Equal(TextExport.Render(At(2, 3)), File.ReadAllText(r.TextPath!));
    }

    [Fact]
    public void A_second_dump_in_the_same_second_gets_a_suffix()
    {
        var writer = new DumpWriter(_tmp);
        var a = writer.Write(At(2, 3));
        var b = writer.Write(At(2, 3));
        var c = writer.Write(At(2, 3));
        Assert.True(a.Ok && b.Ok && c.Ok);
        Assert.EndsWith("limittop-2026-11-26T15-52-02Z-2.json", b.JsonPath, StringComparison.Ordinal);
        Assert.EndsWith("limittop-2026-11-26T15-52-02Z-3.txt", c.TextPath, StringComparison.Ordinal);
        Assert.Equal(6, Directory.GetFiles(_tmp).Length);

        // A stray .txt takes its name: the pair moves on together.
        File.WriteAllText(Path.Combine(_tmp, "limittop-2026-11-26T15-52-02Z-4.txt"), "");
        var d = writer.Write(At(2, 3));
        Assert.EndsWith("-5.json", d.JsonPath, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_tmp, "limittop-2026-11-26T15-52-02Z-4.json")));
    }

    [Fact]
    public void Directory_is_dump_dir_then_XDG_STATE_HOME_then_HOME()
    {
        static string? Resolve(string? dumpDir, string? xdg, string? home)
            => new DumpWriter(dumpDir, n => n switch { "XDG_STATE_HOME" => xdg, "HOME" => home, _ => null }).ResolveDirectory(out _);

        Assert.Equal("/x/dumps", Resolve("/x/dumps", "/s", "/h"));
        Assert.Equal("/s/limittop", Resolve(null, "/s", "/h"));
        Assert.Equal("/h/.local/state/limittop", Resolve(null, null, "/h"));
        Assert.Equal("/h/.local/state/limittop", Resolve(null, "relative/state", "/h")); // XDG: relative paths are ignored
        Assert.Null(Resolve(null, null, null));
    }

    [Fact]
    public void Missing_HOME_is_an_error_result()
    {
        var r = new DumpWriter(null, _ => null).Write(At(2, 3));
        Assert.False(r.Ok);
        Assert.Equal("dump failed: no directory — HOME and XDG_STATE_HOME are not set; start limittop with --dump-dir", r.Message);
    }

    [Fact]
    public void Default_directory_under_HOME_is_created()
    {
        var r = new DumpWriter(null, n => n == "HOME" ? _tmp : null).Write(At(2, 3));
        Assert.True(r.Ok, r.Message);
        Assert.StartsWith(Path.Combine(_tmp, ".local", "state", "limittop") + "/", r.JsonPath, StringComparison.Ordinal);
    }

    [Fact]
    public void Unwritable_directory_is_an_error_result_even_for_root()
    {
        // Root bypasses mode bits; a path below a character device fails for everyone (ENOTDIR).
        var r = new DumpWriter("/dev/null/limittop").Write(At(2, 3));
        output.WriteLine(r.Message);
        Assert.False(r.Ok);
        Assert.Equal("dump failed: /dev/null/limittop: /dev/null is not a directory", r.Message);
    }

    [Fact]
    public void Full_disk_and_read_only_filesystem_are_error_results_without_partial_files()
    {
        string mnt = Path.Combine(_tmp, "mnt");
        Directory.CreateDirectory(mnt);
        Assert.True(Run("mount", "-t", "tmpfs", "-o", "size=8k", "lt-dump-test", mnt) == 0, "mount tmpfs (tests run as root)");
        try
        {
            // Big enough to overflow 8 KiB: command lines of 400 processes.
            var big = Snap(Enumerable.Range(100, 400).Select(p => Proc(p, 1000, "app", "/opt/app --arg " + new string('x', 100))), 5);
            var full = new DumpWriter(mnt).Write(big, [big with { Sequence = 4 }]);
            output.WriteLine(full.Message);
            Assert.False(full.Ok);
            Assert.StartsWith("dump failed: ", full.Message, StringComparison.Ordinal);
            Assert.Contains("space", full.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(Directory.GetFiles(mnt));

            Assert.Equal(0, Run("mount", "-o", "remount,ro", mnt));
            var ro = new DumpWriter(mnt).Write(At(2, 3));
            output.WriteLine(ro.Message);
            Assert.False(ro.Ok);
            Assert.Contains("read-only file system (EROFS)", ro.Message, StringComparison.Ordinal);
        }
        finally
        {
            Run("umount", mnt);
        }
    }

    [Fact]
    public void Live_snapshot_and_history_from_the_sampler_round_trip()
    {
        using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { ReadFds = false });
        var history = new SnapshotHistory();
        Snapshot last = sampler.Sample();
        history.Add(last);
        for (int i = 0; i < 2; i++)
        {
            Thread.Sleep(1000);
            last = sampler.Sample();
            history.Add(last);
        }

        var earlier = history.Before(last);
        Assert.Equal(2, earlier.Count);
        var r = new DumpWriter(_tmp).Write(last, earlier);
        Assert.True(r.Ok, r.Message);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(r.JsonPath!));
        var times = doc.RootElement.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("takenAt").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.True(times[^1] < doc.RootElement.GetProperty("takenAt").GetDateTimeOffset());
        Assert.Contains(doc.RootElement.GetProperty("processes").EnumerateArray(), p => p.GetProperty("pid").GetInt32() == Environment.ProcessId);
    }

    private static int Run(string file, params string[] args)
    {
        using var p = Start(file, args);
        p.WaitForExit();
        return p.ExitCode;
    }

    public void Dispose()
    {
        if (Directory.Exists(_tmp))
        {
            Directory.Delete(_tmp, true);
        }
    }
}
