using LimitTop.Core.Settings;

namespace LimitTop.Core.Tests.Settings;

/// <summary>Issue 25 item 8: an invalid value falls back to that key's default and is not written back.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DamagedSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("limittop-ux-settings-").FullName;

    [Fact]
    public void A_damaged_columns_line_gives_the_default_columns_and_the_next_save_writes_only_valid_values()
    {
        string path = Path.Combine(_dir, SettingsStore.FileName);
        File.WriteAllText(path, "# mine\ncolumns=PID NOPE\ninterval=abc\nmeters=gauges nope\nsort_key=FDS\nshow_kernel_threads=maybe\n");
        var load = SettingsStore.Load(path);
        Assert.Null(load.Settings.Columns);   // the default columns, not "PID THR COMMAND"
        Assert.Null(load.Settings.Meters);    // the default panels, not "gauges" alone
        Assert.Null(load.Settings.Interval);
        Assert.Null(load.Settings.ShowKernelThreads);
        Assert.Equal("FDS", load.Settings.SortColumn);
        Assert.Contains("columns: unknown column 'NOPE'; the default columns are used", load.Warning, StringComparison.Ordinal);

        Assert.Null(SettingsStore.Save(path, load.File, load.Settings with { SortDescending = true }));
        string text = File.ReadAllText(path);
        Assert.Equal("# mine\nsort_key=FDS\nsort_direction=desc\n", text);
        Assert.Null(SettingsStore.Load(path).Warning);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
