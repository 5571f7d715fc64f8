using System.Text;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Tests.Procfs;

public sealed class StatusParserTests
{
    private static string Status(string name = "bash", string uid = "1000\t1000\t1000\t1000", string? threads = "1", string? sigq = "0/96365", string? kthread = "0")
    {
        var sb = new StringBuilder();
        sb.Append("Name:\t").Append(name).Append('\n');
        sb.Append("Umask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nNgid:\t0\nPid:\t4242\nPPid:\t17\nTracerPid:\t0\n");
        sb.Append("Uid:\t").Append(uid).Append('\n');
        sb.Append("Gid:\t1000\t1000\t1000\t1000\nFDSize:\t64\nGroups:\t \nNStgid:\t4242\nNSpid:\t4242\nNSpgid:\t4242\nNSsid:\t4242\n");
        if (kthread is not null)
        {
            sb.Append("Kthread:\t").Append(kthread).Append('\n');
        }

        sb.Append("VmPeak:\t    4300 kB\nVmSize:\t    4300 kB\nVmRSS:\t    1236 kB\nRssAnon:\t     128 kB\n");
        if (threads is not null)
        {
            sb.Append("Threads:\t").Append(threads).Append('\n');
        }

        if (sigq is not null)
        {
            sb.Append("SigQ:\t").Append(sigq).Append('\n');
        }

        sb.Append("SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nvoluntary_ctxt_switches:\t1\n");
        return sb.ToString();
    }

    private static StatusFields Parsed(string text)
    {
        Assert.True(StatusParser.TryParse(Encoding.UTF8.GetBytes(text), out var f));
        return f;
    }

    [Theory]
    [InlineData("bash", "bash")]
    [InlineData("a) (b\\n\u001b[2J", "a) (b\\n\u001b[2J")] // the kernel escapes \n but leaves ESC raw
    [InlineData("  spaced", "  spaced")]
    [InlineData("", "")]
    public void Name_is_taken_after_the_single_tab(string name, string expected)
        => Assert.Equal(expected, Parsed(Status(name: name)).Name);

    [Fact]
    public void Real_uid_is_the_first_field_even_when_effective_differs()
    {
        var f = Parsed(Status(uid: "5002\t5001\t5001\t5001"));
        Assert.Equal(5002, f.RealUid);
        Assert.Equal(5001, f.EffectiveUid);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("1632", 1632)]
    public void Threads_and_state(string threads, int expected)
    {
        var f = Parsed(Status(threads: threads));
        Assert.Equal(expected, f.Threads);
        Assert.Equal('S', f.State);
        Assert.Equal(17, f.Ppid);
        Assert.Equal(1236L, f.RssKb);
    }

    [Theory]
    [InlineData(null)] // truncated read: no Threads: line
    [InlineData("many")]
    public void Missing_or_bad_threads_fails(string? threads)
        => Assert.False(StatusParser.TryParse(Encoding.UTF8.GetBytes(Status(threads: threads)), out _));

    [Theory]
    [InlineData("")]
    [InlineData("x\t0\t0\t0")]
    public void Missing_or_bad_uid_fails(string uid)
        => Assert.False(StatusParser.TryParse(Encoding.UTF8.GetBytes(Status(uid: uid)), out _));

    [Fact]
    public void Status_cut_before_uid_fails()
    {
        string full = Status();
        Assert.False(StatusParser.TryParse(Encoding.UTF8.GetBytes(full[..full.IndexOf("Uid:", StringComparison.Ordinal)]), out _));
    }

    [Theory]
    [InlineData("0/96365", 0L, 96365L)]
    [InlineData("25/20", 25L, 20L)] // queued above this process's limit (another process of the user has a higher one)
    [InlineData("7/7718", 7L, 7718L)]
    public void SigQ_is_queued_over_limit(string sigq, long queued, long limit)
    {
        var f = Parsed(Status(sigq: sigq));
        Assert.Equal(queued, f.SigQueued);
        Assert.Equal(limit, f.SigLimit);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("garbage")]
    [InlineData("/20")]
    public void Missing_or_bad_SigQ_is_unknown(string? sigq)
    {
        var f = Parsed(Status(sigq: sigq));
        Assert.Null(f.SigQueued);
        Assert.Null(f.SigLimit);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData(null, null)] // kernels before 6.4 have no Kthread: line
    public void Kthread(string? value, bool? expected)
        => Assert.Equal(expected, Parsed(Status(kthread: value)).KernelThread);
}
