using System.Text;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Tests.Procfs;

public sealed class CgroupParserTests
{
    private static PidsCgroupRef? Find(string text, bool v2HasPids)
        => CgroupParser.TryFindPids(Encoding.UTF8.GetBytes(text), v2HasPids, out var r) ? r : null;

    [Fact]
    public void V1_pids_line() // this VM: v1 controllers plus cgroup2 at /sys/fs/cgroup/unified
        => Assert.Equal(new PidsCgroupRef(1, "/user.slice/user-1000.slice"),
            Find("9:name=systemd:/user.slice\n8:pids:/user.slice/user-1000.slice\n4:memory:/x\n0::/user.slice\n", v2HasPids: false));

    [Fact]
    public void Hybrid_v1_pids_wins_over_the_unified_line_even_when_v2_has_pids()
        => Assert.Equal(new PidsCgroupRef(1, "/a"), Find("0::/b\n8:pids:/a\n", v2HasPids: true));

    [Fact]
    public void Combined_v1_controllers()
        => Assert.Equal(new PidsCgroupRef(1, "/c"), Find("3:cpu,pids,memory:/c\n", v2HasPids: false));

    [Fact]
    public void Pure_v2()
        => Assert.Equal(new PidsCgroupRef(2, "/system.slice/nginx.service"), Find("0::/system.slice/nginx.service\n", v2HasPids: true));

    [Fact]
    public void V2_without_the_pids_controller_has_no_pids_cgroup()
        => Assert.Null(Find("0::/system.slice/nginx.service\n", v2HasPids: false));

    [Theory]
    [InlineData("9:name=systemd:/\n4:memory:/x\n")]
    [InlineData("")]
    [InlineData("garbage\n")]
    [InlineData("1:pidsx:/a\n")]
    public void No_pids_line(string text)
        => Assert.Null(Find(text, v2HasPids: false));

    [Fact]
    public void Path_with_colons_and_spaces_is_kept_whole()
        => Assert.Equal(new PidsCgroupRef(1, "/odd:name with space"), Find("8:pids:/odd:name with space\n", v2HasPids: false));

    [Theory]
    [InlineData("max 0\n", 0L)]
    [InlineData("max 17\n", 17L)]
    [InlineData("max 3", 3L)]
    public void Events(string text, long expected)
    {
        Assert.True(CgroupParser.TryParseEventsMax(Encoding.UTF8.GetBytes(text), out long max));
        Assert.Equal(expected, max);
    }

    [Theory]
    [InlineData("")]
    [InlineData("max\n")]
    [InlineData("max x\n")]
    public void Bad_events_fail(string text)
        => Assert.False(CgroupParser.TryParseEventsMax(Encoding.UTF8.GetBytes(text), out _));
}
