using LimitTop.Core.Settings;
using LimitTop.Dashboard;
using static LimitTop.TestSupport.Snapshots;
using static LimitTop.Tests.Dashboard.UiKeys;

namespace LimitTop.Tests.Dashboard;

/// <summary>
/// Issue 25, "what htop users expect": the refresh interval from the keyboard — ( and ) step it, the F2 screen has
/// a row for it, the header shows it, limittop.conf keeps it, and the backend's timer is told at once.
/// </summary>
public sealed class RefreshIntervalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("limittop-interval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string ConfPath => Path.Combine(_dir, "limittop", SettingsStore.FileName);

    private DashboardController Wired(double seconds = 1)
    {
        var c = new DashboardController(TimeSpan.FromSeconds(seconds));
        SettingsMapping.Wire(c.State, SettingsStore.Load(ConfPath), ConfPath);
        c.OnSnapshot(Make([Proc(10, threads: 5), Proc(11, threads: 50)]));
        return c;
    }

    [Fact]
    public void Parens_step_the_interval_the_header_shows_it_and_the_timer_is_rearmed()
    {
        var c = Wired();
        var armed = new List<TimeSpan>();
        c.IntervalChanged = armed.Add;
        Assert.Contains("every 1s", c.Frame(120, 30, Now).Text.Split('\n')[0], StringComparison.Ordinal);

        Press(c, K(')'));
        Assert.Equal(TimeSpan.FromSeconds(2), c.State.Interval);
        Assert.Contains("every 2s", c.Frame(120, 30, Now).Text.Split('\n')[0], StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromSeconds(2)], armed);
        Assert.Contains("refresh every 2s", c.State.Status, StringComparison.Ordinal);

        Press(c, K('('), K('('));
        Assert.Equal(TimeSpan.FromSeconds(0.5), c.State.Interval);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5)], armed);
    }

    [Fact]
    public void The_keys_stop_at_half_a_second_and_a_minute_and_say_so()
    {
        var c = Wired(0.5);
        int rearmed = 0;
        c.IntervalChanged = _ => rearmed++;
        Press(c, K('('));
        Assert.Equal(TimeSpan.FromSeconds(0.5), c.State.Interval);
        Assert.Contains("the shortest", c.State.Status, StringComparison.Ordinal);
        Assert.Equal(0, rearmed);

        for (int i = 0; i < 20; i++)
        {
            Press(c, K(')'));
        }

        Assert.Equal(TimeSpan.FromSeconds(60), c.State.Interval);
        Assert.Contains("the longest", c.State.Status, StringComparison.Ordinal);
        Assert.Equal(InputHandler.IntervalSteps.Count - 1, rearmed);
    }

    [Fact]
    public void An_interval_off_the_ladder_steps_to_its_neighbours()
    {
        var c = Wired(0.7); // -d 0.7
        Press(c, K(')'));
        Assert.Equal(TimeSpan.FromSeconds(1), c.State.Interval);
        var d = Wired(0.1); // -d 0.1: below the keys' range, ( leaves it, ) goes up
        Press(d, K('('));
        Assert.Equal(TimeSpan.FromSeconds(0.1), d.State.Interval);
        Press(d, K(')'));
        Assert.Equal(TimeSpan.FromSeconds(0.5), d.State.Interval);
    }

    [Fact]
    public void A_chosen_interval_is_saved_and_a_one_off_d_is_not()
    {
        var c = Wired(3); // as if -d 3
        Press(c, K('K')); // another change saves the file
        Assert.Null(SettingsStore.Load(ConfPath).Settings.Interval);

        Press(c, K(')'));
        Assert.Equal(5, SettingsStore.Load(ConfPath).Settings.Interval);
        Assert.Contains("interval=5", File.ReadAllText(ConfPath), StringComparison.Ordinal);
    }

    [Fact]
    public void The_setup_screen_has_a_row_for_it()
    {
        var c = Wired();
        var armed = new List<TimeSpan>();
        c.IntervalChanged = armed.Add;
        Press(c, K(SpecialKey.F2), K(SpecialKey.Tab), K(SpecialKey.End));
        string setup = c.Frame(120, 40, Now).Text;
        Assert.Contains("refresh every 1s", setup, StringComparison.Ordinal);
        Press(c, K('+'));
        Assert.Equal(TimeSpan.FromSeconds(2), c.State.Interval);
        Assert.Contains("refresh every 2s", c.Frame(120, 40, Now).Text, StringComparison.Ordinal);
        Press(c, K('-'), K('-'));
        Assert.Equal(TimeSpan.FromSeconds(0.5), c.State.Interval);
        Press(c, K(' ')); // Space on the row says how to change it (it has nothing to show or hide)
        Assert.Contains("- or ( shorter", c.State.Status, StringComparison.Ordinal);
        Assert.Equal(Mode.Setup, c.State.Mode);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5)], armed);
        Assert.Equal(0.5, SettingsStore.Load(ConfPath).Settings.Interval);
    }
}
