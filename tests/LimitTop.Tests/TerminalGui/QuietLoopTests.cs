using System.Diagnostics;
using LimitTop.TerminalGui;
using static Tmds.Linux.LibC;

namespace LimitTop.Tests.TerminalGui;

/// <summary>QuietLoop's SIGWINCH wake-up, in this process (the end-to-end test proves the redraw it brings).</summary>
public sealed class QuietLoopTests
{
    private static long WaitForResizes(QuietLoop loop, long atLeast, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (loop.Resizes < atLeast && sw.Elapsed < Eventually.Generous(timeout))
        {
            Thread.Sleep(5);
        }

        return loop.Resizes;
    }

    [Fact]
    public void A_SIGWINCH_wakes_the_loop_until_it_is_disposed()
    {
        var loop = new QuietLoop();
        try
        {
            Assert.True(loop.WakesOnResize, "the SIGWINCH handler is registered");
            Assert.Equal(0, kill(getpid(), SIGWINCH));
            Assert.Equal(1, WaitForResizes(loop, 1, TimeSpan.FromSeconds(5)));
            Assert.Equal(0, kill(getpid(), SIGWINCH));
            Assert.Equal(2, WaitForResizes(loop, 2, TimeSpan.FromSeconds(5)));
        }
        finally
        {
            loop.Dispose();
        }

        // gone with the loop: the signal is ignored again (its default), nothing writes to the closed eventfd
        Assert.Equal(0, kill(getpid(), SIGWINCH));
        Thread.Sleep(200);
        Assert.Equal(2, loop.Resizes);
    }
}
