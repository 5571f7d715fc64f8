using LimitTop.Core.Actions;
using static LimitTop.Core.Tests.Actions.ActionTestSupport;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Core.Tests.Actions;

public sealed class SignalTests
{
    [Fact]
    public void Dialog_lists_signals_in_order_with_TERM_first_and_default()
    {
        Assert.Equal(["TERM", "KILL", "INT", "HUP", "QUIT", "STOP", "CONT", "USR1", "USR2"], Signals.Choices.Select(c => c.Name));
        Assert.Equal([15, 9, 2, 1, 3, 19, 18, 10, 12], Signals.Choices.Select(c => c.Number)); // x86-64 / generic numbers
        Assert.Same(Signals.Term, Signals.Default);
        Assert.Equal("TERM (15)", Signals.Default.Label);
        Assert.Equal(["TERM", "KILL", "INT", "QUIT"], Signals.Choices.Where(c => c.Terminates).Select(c => c.Name));
    }

    [Theory]
    [InlineData("TERM", 15)]
    [InlineData("sigkill", 9)]
    [InlineData("19", 19)]
    [InlineData(" usr2 ", 12)]
    public void Find_by_name_or_number(string text, int number) => Assert.Equal(number, Signals.Find(text)!.Number);

    [Fact]
    public void Find_unknown_is_null() => Assert.Null(Signals.Find("SEGV"));

    [Theory]
    [InlineData(0, "sent TERM (15) to pid 4242")]
    [InlineData(1, "TERM to pid 4242: operation not permitted — another user's process: run limittop as its user, or as root with CAP_KILL")]
    [InlineData(3, "TERM to pid 4242: no such process — it already exited")]
    [InlineData(22, "TERM to pid 4242: invalid argument (EINVAL)")]
    public void Errno_is_reported_in_words(int errno, string message)
    {
        var sys = new FakeSyscalls();
        sys.KillErrno[4242] = errno;
        var r = new SignalSender(sys, self: new SelfCredentials(1000, 0)).Send(4242, Signals.Term);
        Assert.Equal(errno == 0, r.Sent);
        Assert.Equal(message, r.Message);
        Assert.Equal([(4242, 15)], sys.Kills);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Never_signals_a_process_group_or_everything(int pid)
    {
        var sys = new FakeSyscalls();
        var r = new SignalSender(sys).Send(pid, Signals.Kill);
        Assert.False(r.Sent);
        Assert.Empty(sys.Kills);
    }

    [Fact]
    public void Live_TERM_ends_a_child_which_is_then_reaped()
    {
        var child = Start("sleep", "300");
        try
        {
            var r = new SignalSender().Send(child.Id, Signals.Term);
            Assert.True(r.Sent, r.Message);
            Assert.True(child.WaitForExit(5000));
            Assert.Equal(128 + 15, child.ExitCode); // killed by signal 15, as .NET reports it
            Assert.False(Directory.Exists($"/proc/{child.Id}")); // reaped: no zombie left behind
        }
        finally
        {
            KillQuietly(child);
        }
    }

    [Fact]
    public void Live_ESRCH_for_a_dead_and_reaped_child()
    {
        var child = Start("true");
        Assert.True(child.WaitForExit(5000));
        int pid = child.Id;
        child.Dispose();

        // Its PID could be reused in theory; with pid_max ≥ 32768 and a few ms this is practically impossible,
        // and the check below would then show a different process rather than pass silently.
        var r = new SignalSender().Send(pid, new SignalChoice("0", 0, false, "probe"));
        if (Directory.Exists($"/proc/{pid}"))
        {
            Assert.Fail($"pid {pid} was reused");
        }

        Assert.False(r.Sent);
        Assert.Equal(3, r.Errno);
        Assert.Contains("no such process — it already exited", r.Message, StringComparison.Ordinal);
    }
}
