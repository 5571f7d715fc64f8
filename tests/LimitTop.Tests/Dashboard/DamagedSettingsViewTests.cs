using LimitTop.Core.Settings;
using LimitTop.Dashboard;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

/// <summary>Issue 25 item 8: a damaged settings file gives the default columns, is rewritten clean, and its warning reads in full on F2.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DamagedSettingsViewTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("limittop-ux-damaged-").FullName;

    [Fact]
    public void Columns_PID_NOPE_keeps_the_default_table_the_next_key_saves_it_clean_and_F2_shows_the_whole_warning()
    {
        string path = Path.Combine(_dir, SettingsStore.FileName);
        File.WriteAllText(path, "columns=PID NOPE\n");
        var load = SettingsStore.Load(path);
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        SettingsMapping.Wire(c.State, load, path);
        c.Input.Options = c.State.Options;
        c.State.Status = "warning: " + load.Warning; // as Program.cs says it
        c.OnSnapshot(Make([Proc(1, 30), Proc(2, 20)]));
        Assert.Equal(new ViewOptions().Columns, c.Input.Options.Columns);

        c.Input.HandleKey(UiKey.Of('I'));
        string saved = File.ReadAllText(path);
        Assert.DoesNotContain("NOPE", saved, StringComparison.Ordinal);
        Assert.Contains("columns=" + string.Join(' ', ColumnSpec.DefaultOrder), saved, StringComparison.Ordinal);

        c.Input.HandleKey(UiKey.Of(SpecialKey.F2));
        var setup = c.Frame(80, 24, Now);
        string joined = string.Join(" ", setup.Text.Split('\n').Select(l => l.Trim()));
        Assert.Contains("warning: " + load.Warning, joined, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_settings_warning_in_the_status_bar_says_F2_has_it_all()
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.State.SettingsWarning = "settings /root/.config/limittop/limittop.conf: columns: unknown column 'NOPE'; the default columns are used";
        c.State.Status = "warning: " + c.State.SettingsWarning;
        c.OnSnapshot(Make([Proc(1, 30)]));
        string bar = c.Frame(80, 24, Now).Row(23);
        Assert.Contains("(F2 shows it all)", bar, StringComparison.Ordinal);
        Assert.Contains("qQuit", bar, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
