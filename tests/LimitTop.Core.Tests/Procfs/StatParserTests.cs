using System.Text;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Tests.Procfs;

public sealed class StatParserTests
{
    // The tail after the comm of a real /proc/PID/stat line (captured on the test VM), fields 3…52.
    private const string Tail = " S 7881 7876 2949 0 -1 4194304 101 0 0 0 17 5 0 0 20 0 3 0 60761 2535424 309 18446744073709551615 94376211640320 94376211642233 140734043485952 0 0 0 0 0 0 1 0 0 17 1 0 0 0 0 0 94376211652048 94376211652832 94377241735168 140734043494795 140734043494838 140734043494838 140734043496412 0\n";

    [Theory]
    [InlineData("bash", "bash")]
    [InlineData("a) (b", "a) (b")]
    [InlineData("))", "))")]
    [InlineData("a)))b", "a)))b")]
    [InlineData("((", "((")]
    [InlineData("with space", "with space")]
    [InlineData(" lead", " lead")]
    [InlineData("new\nline", "new\nline")]
    [InlineData("\u001b[2J", "\u001b[2J")]
    [InlineData("x) S 1 2 3", "x) S 1 2 3")] // a name that imitates the fields after it
    [InlineData("", "")]
    public void Comm_runs_to_the_last_paren(string comm, string expected)
    {
        var line = Encoding.UTF8.GetBytes("4242 (" + comm + ")" + Tail);
        Assert.True(StatParser.TryParse(line, out var f));
        Assert.Equal(4242, f.Pid);
        Assert.Equal(expected, f.Comm);
        Assert.Equal('S', f.State);
        Assert.Equal(7881, f.Ppid);
        Assert.Equal(7876, f.ProcessGroup);
        Assert.Equal(2949, f.Session);
        Assert.Equal(17UL, f.UserTicks);
        Assert.Equal(5UL, f.SystemTicks);
        Assert.Equal(3, f.Threads);
        Assert.Equal(60761UL, f.StartTicks);
        Assert.Equal(309L, f.RssPages);
    }

    [Theory]
    [InlineData("4242 (bash) S 1 4242 4242 0 -1")] // cut before utime
    [InlineData("4242 (bash) S 1 4242 4242 0 -1 4194304 101 0 0 0 17 5 0 0 20 0 3 0 60761 2535424")] // cut before rss
    [InlineData("4242 (bash")]
    [InlineData("4242 bash) S")]
    [InlineData("(bash) S 1")]
    [InlineData("")]
    [InlineData("x (bash) S 1 4242 4242 0 -1 4194304 101 0 0 0 17 5 0 0 20 0 3 0 60761 2535424 309 0")]
    [InlineData("4242 (bash) SS 1 4242 4242 0 -1 4194304 101 0 0 0 17 5 0 0 20 0 3 0 60761 2535424 309 0")]
    [InlineData("4242 (bash) S one 4242 4242 0 -1 4194304 101 0 0 0 17 5 0 0 20 0 3 0 60761 2535424 309 0")]
    public void Truncated_or_malformed_lines_fail(string line)
        => Assert.False(StatParser.TryParse(Encoding.UTF8.GetBytes(line), out _));

    [Fact]
    public void Zombie_and_kernel_thread_lines_from_the_vm()
    {
        var kthreadd = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 21 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n"u8;
        Assert.True(StatParser.TryParse(kthreadd, out var k));
        Assert.Equal(("kthreadd", 0, 1, 21UL, 0L), (k.Comm, k.Ppid, k.Threads, k.StartTicks, k.RssPages));
        Assert.Equal((0, 0), (k.ProcessGroup, k.Session)); // kernel threads belong to no group
        Assert.Equal(2129984u, k.Flags);
        Assert.True(k.IsKernelThread); // PF_KTHREAD 0x00200000

        var zombie = Encoding.UTF8.GetBytes("4301 (defunct) Z" + Tail[2..]);
        Assert.True(StatParser.TryParse(zombie, out var z));
        Assert.Equal('Z', z.State);
        Assert.Equal(4194304u, z.Flags);
        Assert.False(z.IsKernelThread);
    }
}
