using LimitTop.Core.Witness;

namespace LimitTop.Core.Tests.Witness;

public sealed class KernelLogParserTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_record_splits_into_sequence_time_and_message()
    {
        Assert.True(KernelLogParser.TryParseRecord("6,1234,414999523,-;cgroup: fork rejected by pids controller in /lt_test/sub\n SUBSYSTEM=cgroup\n",
            out long seq, out long usec, out string msg));
        Assert.Equal((1234L, 414999523L, "cgroup: fork rejected by pids controller in /lt_test/sub"), (seq, usec, msg));
        Assert.True(KernelLogParser.TryParseRecord("4,5,6,c,more;x", out _, out _, out msg));
        Assert.Equal("x", msg);
        Assert.False(KernelLogParser.TryParseRecord("no semicolon", out _, out _, out _));
        Assert.False(KernelLogParser.TryParseRecord("6,x,1,-;m", out _, out _, out _));
    }

    [Theory]
    [InlineData("cgroup: fork rejected by pids controller in /lt_test/sub", "pids-fork-rejected")]
    [InlineData("Out of memory: Killed process 4242 (stress) total-vm:1024kB, anon-rss:512kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0", "oom-kill")]
    [InlineData("Memory cgroup out of memory: Killed process 77 (a) b) total-vm:1kB", "oom-kill")]
    [InlineData("nf_conntrack: nf_conntrack: table full, dropping packet", "conntrack-full")]
    [InlineData("TCP: too many orphaned sockets", "tcp-orphans")]
    [InlineData("TCP: request_sock_TCP: Possible SYN flooding on port 80. Sending cookies.", null)]
    [InlineData("TCP: request_sock_TCP: possible SYN flooding on port [::]:8080. Sending cookies.", "syn-flood")]
    [InlineData("VFS: file-max limit 1000 reached", "file-max")]
    [InlineData("usb 1-1: new high-speed USB device", null)]
    public void The_lines_that_matter(string message, string? kind)
        => Assert.Equal(kind, KernelLogParser.Recognise(message, T)?.Kind);

    [Fact]
    public void Oom_kill_names_the_process_even_with_a_parenthesis_in_its_name()
    {
        var e = KernelLogParser.Recognise("Memory cgroup out of memory: Killed process 77 (a) b) total-vm:1kB", T)!;
        Assert.Equal((77, "a) b"), (e.Pid, e.Name));
    }

    [Fact]
    public void The_pids_line_names_the_cgroup_and_the_text_is_escaped()
    {
        var e = KernelLogParser.Recognise("cgroup: fork rejected by pids controller in /evil\x1b[2J", T)!;
        Assert.Equal("/evil\x1b[2J", e.Cgroup); // raw, escaped on display
        Assert.Equal("cgroup: fork rejected by pids controller in /evil\\e[2J", e.Text);
        Assert.Equal("12:00:00 kernel: cgroup: fork rejected by pids controller in /evil\\e[2J", e.ToString());
    }
}
