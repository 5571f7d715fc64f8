using LimitTop.Core.Settings;
using LimitTop.Schemes;
using LimitTop.Dashboard;
using LimitTop.Frames;

namespace LimitTop.Tests.Dashboard;

public sealed class SettingsMappingTests
{
    /// <summary>ViewOptions field by field: its Columns list compares by reference in the record's own Equals.</summary>
    private static void AssertSameOptions(ViewOptions expected, ViewOptions actual)
    {
        Assert.Equal(expected with { Columns = [] }, actual with { Columns = [] });
        Assert.Equal(expected.Columns, actual.Columns);
    }

    [Fact]
    public void Sort_direction_and_kernel_threads_come_from_the_settings_file()
    {
        var o = SettingsMapping.Apply(new ViewOptions(), new LimitTopSettings { SortColumn = "PID", SortDescending = true, ShowKernelThreads = true });
        Assert.Equal(ProcessColumn.Pid, o.SortColumn);
        Assert.True(o.SortInverted); // PID sorts ascending by default
        Assert.True(o.ShowKernelThreads);

        var thr = SettingsMapping.Apply(new ViewOptions(), new LimitTopSettings { SortColumn = "THR", SortDescending = true });
        Assert.False(thr.SortInverted);
        AssertSameOptions(new ViewOptions(), SettingsMapping.Apply(new ViewOptions(), new LimitTopSettings()));
    }

    [Fact]
    public void The_table_state_round_trips_through_settings()
    {
        var o = new ViewOptions { SortColumn = ProcessColumn.Cpu, SortInverted = true, ShowKernelThreads = true };
        var s = SettingsMapping.From(o, new LimitTopSettings { Interval = 2 });
        Assert.Equal("CPU%", s.SortColumn);
        Assert.False(s.SortDescending);
        Assert.Equal(2, s.Interval);
        AssertSameOptions(o, SettingsMapping.Apply(new ViewOptions(), s));
    }
}
