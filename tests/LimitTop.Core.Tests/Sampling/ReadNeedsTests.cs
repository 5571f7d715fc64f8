using LimitTop.Core.Columns;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Sockets;
using LimitTop.Core.Tests.Sockets;

namespace LimitTop.Core.Tests.Sampling;

/// <summary>htop's column flags: a hidden SOCK or FDS column stops its scan (counted, and visible in the snapshot).</summary>
[Collection(nameof(SocketLiveTests))]
public sealed class ReadNeedsTests
{
    private static Sampler Live() => new(ProcRoot.Default, new SamplerOptions
    {
        Sockets = new SocketSamplerOptions { ProcessScanInterval = TimeSpan.Zero, CheapFirstSample = false },
    });

    [Fact]
    public void Without_process_sockets_the_fd_to_socket_scan_never_runs()
    {
        using var net = new LoopbackSockets();
        net.Established(net.Listen(), 3);
        using var sampler = Live();
        sampler.Needs = ReadNeeds.FdCounts;
        for (int i = 0; i < 3; i++)
        {
            var snap = sampler.Sample();
            Assert.Null(snap.Sockets!.ProcessScanAge); // the scan never ran
            Assert.False(snap.Sockets.ProcessScanPending);
            var self = snap.Processes.Single(p => p.Pid == Environment.ProcessId);
            Assert.Null(self.Sockets);
            Assert.False(self.SocketsPending);
            Assert.NotNull(self.Fds);
        }

        // Shown again: the next sample scans and counts this process's 7 sockets.
        sampler.Needs = ReadNeeds.All;
        var again = sampler.Sample();
        Assert.Equal(TimeSpan.Zero, again.Sockets!.ProcessScanAge);
        Assert.True(again.Processes.Single(p => p.Pid == Environment.ProcessId).Sockets >= 7);
    }

    [Fact]
    public void Without_fd_counts_no_fd_directory_is_read()
    {
        using var sampler = Live();
        sampler.Needs = ReadNeeds.None;
        var snap = sampler.Sample();
        _ = sampler.Sample();
        Assert.Equal(0, sampler.FdCountReads);
        Assert.All(snap.Processes, p => Assert.Null(p.Fds));

        sampler.Needs = ReadNeeds.FdCounts;
        snap = sampler.Sample();
        int userProcesses = snap.Processes.Count(p => !p.IsKernelThread);
        Assert.True(sampler.FdCountReads >= userProcesses && userProcesses > 0, $"{sampler.FdCountReads} reads for {userProcesses} processes");
        Assert.NotNull(snap.Processes.Single(p => p.Pid == Environment.ProcessId).Fds);
    }

    [Fact]
    public void Column_flags_say_which_reads_a_set_of_columns_needs()
    {
        Assert.Equal(ReadNeeds.All, ColumnSpec.NeedsOf(ColumnSpec.DefaultOrder));
        Assert.Equal(ReadNeeds.FdCounts, ColumnSpec.NeedsOf(ColumnSpec.DefaultOrder.Where(c => c != "SOCK" && c != "ΔSOCK/m")));
        Assert.Equal(ReadNeeds.ProcessSockets, ColumnSpec.NeedsOf(["PID", "SOCK", "COMMAND"], nofileChecks: false));
        Assert.Equal(ReadNeeds.None, ColumnSpec.NeedsOf(["PID", "THR", "COMMAND"], nofileChecks: false));
        // the nofile findings keep the fd count even with FDS and NOFILE% hidden
        Assert.Equal(ReadNeeds.FdCounts, ColumnSpec.NeedsOf(["PID", "THR", "COMMAND"]));
    }
}
