using LimitTop.Core.Actions;
using static LimitTop.Core.Tests.Actions.ActionTestSupport;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Core.Tests.Actions;

public sealed class KillTargetTests
{
    private const int Self = 999;

    // The field report: ten copies of one program of one user, next to look-alikes that must be spared.
    private static readonly LimitTop.Core.Model.Snapshot Field = Snap(
    [
        .. Enumerable.Range(0, 10).Select(i => Member(100 + i, 1000, "app", $"/opt/app/bin/app --worker {i}", "/user.slice/user-1000.slice/session-1.scope")),
        Member(200, 1001, "app", "/opt/app/bin/app --worker 0", "/user.slice/user-1001.slice"),              // other user
        Member(201, 1000, "app", "/home/u/app-dev/app", "/user.slice/user-1000.slice/session-1.scope"),      // other argv0
        Member(202, 1000, "app", "", "/user.slice/user-1000.slice/session-1.scope", state: 'Z'),            // zombie copy
        Member(203, 1000, "bash", "-bash", "/user.slice/user-1000.slice/session-1.scope"),
        Member(204, 1000, "app", "/opt/app/bin/app", "/user.slice/user-1000.slice/session-2.scope/sub"),    // deeper cgroup
        Member(205, 1000, "app", "/opt/app/bin/app", "/user.slice/user-1000.slice-other"),                   // prefix, not below
        Member(Self, 1000, "limittop", "limittop", "/user.slice/user-1000.slice/session-1.scope"),
        Member(2, 0, "kthreadd", "", null, kernel: true),
        Member(1, 0, "systemd", "/sbin/init", "/init.scope"),
        Member(300, 0, "sshd", "sshd: /usr/sbin/sshd -D", "/"),
    ]);

    [Fact]
    public void Same_command_and_user_is_the_ten_copies()
    {
        var t = KillTargets.SameCommand(Field, 105, Self)!;
        Assert.Equal(KillScope.SameCommand, t.Scope);
        Assert.Equal([.. Enumerable.Range(100, 10), 204, 205], t.Members.Select(m => m.Pid));
        Assert.Equal("/opt/app/bin/app", t.Argv0);
        Assert.Equal("12 processes 'app' (/opt/app/bin/app) of u1000", t.Description);
        Assert.Equal("100, 101, 102, 103, 104, 105, 106, 107 … and 4 more", t.PidList());
    }

    [Fact]
    public void Same_command_excludes_other_user_other_argv0_zombies_and_self()
    {
        var t = KillTargets.SameCommand(Field, 201, Self)!;
        Assert.Equal([201], t.Members.Select(m => m.Pid));
        Assert.DoesNotContain(t.Members, m => m.Pid is 200 or 202 or Self);

        var me = KillTargets.SameCommand(Field, Self, Self)!;
        Assert.Empty(me.Members);
    }

    [Fact]
    public void The_selected_process_always_counts_pid_1_too()
    {
        // On this VM pid 1's group offered "all 0 processes with the same command and user".
        var init = KillTargets.SameCommand(Field, 1, Self)!;
        Assert.Equal([1], init.Members.Select(m => m.Pid));
        Assert.Equal("1 process 'systemd' (/sbin/init) of root", init.Description);
        var cg = KillTargets.Cgroup(Field, 1, Self)!;
        Assert.Equal([1], cg.Members.Select(m => m.Pid));
    }

    [Fact]
    public void Copies_whose_command_line_cannot_be_read_are_counted_apart_and_said()
    {
        var snap = Snap(
        [
            Member(400, 1000, "app", "/opt/app/bin/app", "/a.slice"),
            Member(401, 1000, "app", "/opt/app/bin/app", "/a.slice"),
            Member(402, 1000, "app", "", "/a.slice"), // cmdline unreadable (hidepid, EACCES)
            Member(403, 1000, "app", "/other/app", "/a.slice"), // readable and different: not a copy, not unmatched
        ]);
        var t = KillTargets.SameCommand(snap, 400, Self)!;
        Assert.Equal([400, 401], t.Members.Select(m => m.Pid));
        Assert.Equal(1, t.Unmatched);
        Assert.Equal("2 processes 'app' (/opt/app/bin/app) of u1000; 1 other with its name could not be matched (command line unreadable)", t.Description);

        var blind = KillTargets.SameCommand(snap, 402, Self)!; // the selected one's own cmdline is unknown
        Assert.Equal([402], blind.Members.Select(m => m.Pid));
        Assert.Equal(3, blind.Unmatched);
    }

    [Fact]
    public void Cgroup_target_takes_the_cgroup_and_below_but_not_prefix_siblings()
    {
        var t = KillTargets.Cgroup(Field, 204, Self)!;
        Assert.Equal("/user.slice/user-1000.slice/session-2.scope/sub", t.CgroupPath);
        Assert.Equal([204], t.Members.Select(m => m.Pid));

        var up = KillTargets.Cgroup(Snap(Field.Processes.Select(p => p.Pid == 105 ? p with { Cgroup = "/user.slice/user-1000.slice" } : p)), 105, Self)!;
        Assert.Equal([.. Enumerable.Range(100, 10), 201, 203, 204], up.Members.Select(m => m.Pid));
        Assert.True(up.SparesSelf);
        Assert.Contains("limittop itself is in it and is spared", up.Description, StringComparison.Ordinal);
        Assert.Equal(1, up.CgroupVersion);
    }

    [Fact]
    public void Cgroup_target_of_a_session_names_count_and_spares_self()
    {
        var t = KillTargets.Cgroup(Field, 100, Self)!;
        Assert.Equal([.. Enumerable.Range(100, 10), 201, 203], t.Members.Select(m => m.Pid));
        Assert.True(t.SparesSelf);
        Assert.StartsWith("12 processes in pids cgroup /user.slice/user-1000.slice/session-1.scope and below (v1)", t.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_cgroup_kernel_threads_and_unknown_pids_give_no_target()
    {
        Assert.Null(KillTargets.Cgroup(Field, 300, Self));            // "/" would be everything
        Assert.Null(KillTargets.Single(Field, 2));
        Assert.Null(KillTargets.SameCommand(Field, 2, Self));
        Assert.Empty(KillTargets.For(Field, 12345, Self));
    }

    [Fact]
    public void Choices_are_process_then_command_then_cgroup()
    {
        var choices = KillTargets.For(Field, 103, Self);
        Assert.Equal([KillScope.Process, KillScope.SameCommand, KillScope.Cgroup], choices.Select(c => c.Scope));
        Assert.Equal("pid 103 app (u1000, 1 thread)", choices[0].Description);
        Assert.All(choices, c => Assert.Equal(new ProcessRef(103, 1103), c.Selected));

        var sshd = KillTargets.For(Field, 300, Self);
        Assert.Equal([KillScope.Process, KillScope.SameCommand], sshd.Select(c => c.Scope));
    }

    [Fact]
    public void Matches_uses_the_same_rule_as_the_selection()
    {
        var same = KillTargets.SameCommand(Field, 100, Self)!;
        Assert.True(same.Matches(7, 1000, "app", "/opt/app/bin/app -x", null, null));
        Assert.False(same.Matches(7, 1001, "app", "/opt/app/bin/app", null, null));
        Assert.False(same.Matches(7, 1000, "app2", "/opt/app/bin/app", null, null));

        var cg = KillTargets.Cgroup(Field, 204, Self)!;
        Assert.True(cg.Matches(7, 5, "x", "", "/user.slice/user-1000.slice/session-2.scope/sub/deeper", 1));
        Assert.False(cg.Matches(7, 5, "x", "", "/user.slice/user-1000.slice/session-2.scope/sub", 2));
    }

    [Theory]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/a", "/a", true)]
    [InlineData("/a/", "/a", true)]
    [InlineData("/ab", "/a", false)]
    [InlineData("/", "/a", false)]
    public void Same_or_below(string path, string ancestor, bool expected) => Assert.Equal(expected, KillTargets.IsSameOrBelow(path, ancestor));

    [Theory]
    [InlineData("/usr/bin/python3 -m http.server", "/usr/bin/python3")]
    [InlineData("nginx: worker process", "nginx:")]
    [InlineData("", "")]
    [InlineData("single", "single")]
    public void Argv0_is_the_first_word(string cmdline, string argv0) => Assert.Equal(argv0, LimitTop.Core.Model.Argv.First(cmdline));
}
