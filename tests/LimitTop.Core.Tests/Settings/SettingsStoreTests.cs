using System.Runtime.InteropServices;
using LimitTop.Core.Settings;

namespace LimitTop.Core.Tests.Settings;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SettingsStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("limittop-package-settings-").FullName;

    private string PathIn(string sub = "limittop") => Path.Combine(_dir, sub, SettingsStore.FileName);

    [Fact]
    public void Round_trip_keeps_every_field()
    {
        var s = new LimitTopSettings
        {
            SortColumn = "FDS", SortDescending = false, Columns = ["PID", "USER", "THR", "SOCK", "COMMAND"],
            ShowKernelThreads = true, TreeView = false, Interval = 2.5, ColorScheme = "light",
        };
        string path = PathIn();
        Assert.Null(SettingsStore.Save(path, SettingsFile.Empty(), s));
        var back = SettingsStore.Load(path);
        Assert.Null(back.Warning);
        Assert.Equal(s with { Columns = null }, back.Settings with { Columns = null });
        Assert.Equal(s.Columns, back.Settings.Columns);
        Assert.Equal(0b111_000_000, (int)File.GetUnixFileMode(Path.GetDirectoryName(path)!)); // 0700
        Assert.Equal(0b110_100_100, (int)File.GetUnixFileMode(path));                        // 0644
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void Unknown_keys_comments_and_odd_lines_survive_a_rewrite()
    {
        string path = PathIn();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "# my limittop\nsort_key=THR\nfuture_key=42\n\nsomething odd\ninterval=1\n");
        var load = SettingsStore.Load(path);
        Assert.Contains("line 5: not key=value", load.Warning);
        Assert.Equal("THR", load.Settings.SortColumn);
        Assert.Null(SettingsStore.Save(path, load.File, load.Settings with { SortColumn = "CPU%", Interval = 3 }));
        Assert.Equal("# my limittop\nsort_key=CPU%\nfuture_key=42\n\nsomething odd\ninterval=3\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("interval=fast\n", "interval: 'fast'")]
    [InlineData("interval=0\n", "interval: '0'")]
    [InlineData("sort_key=NOPE\n", "sort_key: unknown column 'NOPE'")]
    [InlineData("color_scheme=neon\n", "unknown scheme 'neon'")]
    [InlineData("tree_view=maybe\n", "tree_view: 'maybe' is neither 1 nor 0")]
    [InlineData("columns=PID BOGUS FDS\n", "columns: unknown column 'BOGUS'; the default columns are used")]
    public void A_bad_value_is_a_warning_and_that_field_stays_default(string text, string expected)
    {
        string path = Write(text);
        var load = SettingsStore.Load(path);
        Assert.Contains(expected, load.Warning);
        Assert.Null(load.Settings.Interval);
        Assert.Null(load.Settings.SortColumn);
        Assert.Null(load.Settings.ColorScheme);
    }

    [Fact]
    public void Required_columns_come_back_when_the_file_drops_them()
    {
        var load = SettingsStore.Load(Write("columns=FDS sock\n"));
        Assert.Equal(["PID", "THR", "FDS", "SOCK", "COMMAND"], load.Settings.Columns);
    }

    [Fact]
    public void Binary_garbage_gives_defaults_and_a_warning()
    {
        string path = PathIn();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rnd = new Random(15);
        var bytes = new byte[4096];
        rnd.NextBytes(bytes);
        bytes[10] = 0;
        File.WriteAllBytes(path, bytes);
        var load = SettingsStore.Load(path);
        Assert.Equal(new LimitTopSettings(), load.Settings);
        Assert.Contains("not a text file", load.Warning);
    }

    [Fact]
    public void A_directory_where_the_file_should_be_gives_defaults_a_warning_and_a_failed_save()
    {
        string path = PathIn();
        Directory.CreateDirectory(path);
        var load = SettingsStore.Load(path);
        Assert.Equal(new LimitTopSettings(), load.Settings);
        Assert.Contains("is a directory", load.Warning);
        Assert.Contains("not saved", SettingsStore.Save(path, load.File, new LimitTopSettings { Interval = 2 }));
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void Too_large_a_file_is_not_read()
    {
        var load = SettingsStore.Load(Write(new string('#', SettingsStore.MaxBytes + 1)));
        Assert.Contains("larger than 64 KiB", load.Warning);
    }

    [Fact]
    public void An_unreadable_file_as_another_user_gives_defaults_and_a_warning()
    {
        string path = Write("interval=2\n");
        File.SetUnixFileMode(path, UnixFileMode.None);
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101); // the directories are searchable, the file is not
        File.SetUnixFileMode(Path.GetDirectoryName(path)!, (UnixFileMode)0b111_101_101);
        // As root, take a plain user's file-system identity on this thread only (setfsuid is per thread; leaving
        // fsuid 0 drops CAP_DAC_OVERRIDE until it is set back), so the 000 mode really refuses the read.
        bool root = HostFacts.IsRoot;
        if (root)
        {
            _ = NativeFs.setfsuid(65534);
            Assert.Equal(65534, NativeFs.setfsuid(65534)); // setfsuid returns the previous fsuid
        }

        SettingsLoad load;
        try
        {
            load = SettingsStore.Load(path);
        }
        finally
        {
            if (root)
            {
                _ = NativeFs.setfsuid(0);
            }
        }

        Assert.Equal(new LimitTopSettings(), load.Settings);
        Assert.Contains("permission denied", load.Warning ?? "(no warning) " + load.Settings);
        Assert.Equal(2, SettingsStore.Load(root ? path : Write("interval=2\n")).Settings.Interval); // fsuid is back
    }

    [Fact]
    public void Xdg_config_home_wins_and_home_is_the_fallback()
    {
        Assert.Equal("/x/limittop/limittop.conf", SettingsStore.DefaultPath(k => k == "XDG_CONFIG_HOME" ? "/x" : "/h"));
        Assert.Equal("/h/.config/limittop/limittop.conf", SettingsStore.DefaultPath(k => k == "XDG_CONFIG_HOME" ? "" : "/h"));
        // a relative XDG_CONFIG_HOME is invalid (XDG base directory spec)
        Assert.Equal("/h/.config/limittop/limittop.conf", SettingsStore.DefaultPath(k => k == "XDG_CONFIG_HOME" ? "rel" : "/h"));
        Assert.Null(SettingsStore.DefaultPath(_ => null));
        Assert.Null(SettingsStore.Load(null).Warning);
    }

    [Fact]
    public void A_missing_file_is_the_defaults_without_a_warning()
    {
        var load = SettingsStore.Load(PathIn("nowhere"));
        Assert.Null(load.Warning);
        Assert.Equal(new LimitTopSettings(), load.Settings);
    }

    private string Write(string text)
    {
        string path = PathIn();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_000_000);
        Directory.Delete(_dir, recursive: true);
    }
}

internal static partial class NativeFs
{
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int setfsuid(int fsuid);
}
