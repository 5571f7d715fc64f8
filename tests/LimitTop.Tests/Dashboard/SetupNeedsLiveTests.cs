using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Sockets;
using LimitTop.Dashboard;
using LimitTop.TerminalGui;

namespace LimitTop.Tests.Dashboard;

/// <summary>From the F2 screen to the real sampler: hiding SOCK stops the fd → socket scan of /proc.</summary>
public sealed class SetupNeedsLiveTests
{
    [Fact]
    public void Hiding_SOCK_on_the_setup_screen_stops_the_fd_to_socket_scan_and_showing_it_restarts_it()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions
        {
            Sockets = new SocketSamplerOptions { ProcessScanInterval = TimeSpan.Zero, CheapFirstSample = false },
        });
        var c = new DashboardController(TimeSpan.FromSeconds(1), new LimitTop.Core.Pipeline.Collector(new LimitTop.Core.Pipeline.LiveSource(sampler)));
        // ΔSOCK/m (sockets per minute) needs the scan as much as SOCK; this test is about SOCK alone.
        c.Input.Options = c.Input.Options with { Columns = [.. c.Input.Options.Columns.Where(x => x != ProcessColumn.SocketsDelta)] };
        c.Collector.Tick();
        Assert.Equal(TimeSpan.Zero, c.Store.Latest!.Sockets!.ProcessScanAge);
        Assert.True(c.Store.Latest.Processes.Single(p => p.Pid == Environment.ProcessId).Sockets >= 1);

        c.Input.HandleKey(UiKey.Of(SpecialKey.F2));
        for (int i = 0; i < 6; i++)
        {
            c.Input.HandleKey(UiKey.Of(SpecialKey.Down)); // PID USER THR FDS NOFILE% NPROC SOCK
        }

        c.Input.HandleKey(UiKey.Of(' '));
        Assert.DoesNotContain(ProcessColumn.Sockets, c.Input.Options.Columns);
        for (int i = 0; i < 2; i++)
        {
            c.Collector.Tick();
            Assert.Equal(ReadNeeds.FdCounts, sampler.Needs);
            Assert.NotEqual(TimeSpan.Zero, c.Store.Latest.Sockets!.ProcessScanAge); // the scan did not run (it would be due every sample)
            Assert.All(c.Store.Latest.Processes, p => Assert.Null(p.Sockets));
            Assert.NotNull(c.Store.Latest.Processes.Single(p => p.Pid == Environment.ProcessId).Fds);
        }

        c.Input.HandleKey(UiKey.Of(' ')); // shown again (the cursor stays on SOCK)
        c.Collector.Tick();
        Assert.Equal(TimeSpan.Zero, c.Store.Latest.Sockets!.ProcessScanAge);
        Assert.True(c.Store.Latest.Processes.Single(p => p.Pid == Environment.ProcessId).Sockets >= 1);
    }
}
