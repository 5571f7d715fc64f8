using System.Diagnostics;
using System.Text;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Tests.Procfs;

/// <summary>
/// /proc/PID/stat through a descriptor held between ticks: each pread(2) at offset 0 is the kernel's state now, a
/// reaped process's descriptor is closed and never read for the pid's next owner, and no descriptor outlives its
/// process or the limit. Live: a `sleep` child stopped and continued, then killed.
/// </summary>
[Collection("live")]
public sealed class HeldProcFilesTests
{
    private static char State(ReadOnlySpan<byte> stat)
    {
        Assert.True(StatParser.TryParse(stat, out var fields));
        return fields.State;
    }

    /// <summary>This process's descriptors open on /proc/PID/stat of <paramref name="pids"/> (fds the test host opens meanwhile do not count).</summary>
    private static int HeldOn(params int[] pids)
    {
        var targets = pids.Select(p => $"/proc/{p}/stat").ToHashSet();
        int n = 0;
        foreach (string fd in Directory.GetFiles("/proc/self/fd"))
        {
            try
            {
                n += new FileInfo(fd).LinkTarget is { } t && targets.Contains(t) ? 1 : 0;
            }
            catch (IOException)
            {
                // closed meanwhile (the listing's own fd)
            }
        }

        return n;
    }

    /// <summary>Reads through <paramref name="held"/> until the process shows <paramref name="wanted"/> (the hang bound at most).</summary>
    private static char WaitForState(HeldProcFiles held, int pid, string path, char wanted, out string text)
    {
        var sw = Stopwatch.StartNew();
        char state;
        do
        {
            Assert.True(held.TryRead(pid, path, out var s, out int e), Errno.Describe(e));
            state = State(s);
            text = Encoding.ASCII.GetString(s);
        }
        while (state != wanted && sw.Elapsed < Eventually.HangBound);

        return state;
    }

    [Fact]
    public void A_held_descriptor_reads_the_process_as_it_is_now_and_is_closed_once_it_is_reaped()
    {
        using var reader = new FileReader("/proc");
        using var held = new HeldProcFiles(reader, 4);
        using var child = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        int pid = child.Id;
        string path = $"{pid}/stat";
        try
        {
            // Just started, it may still be running towards its nanosleep: wait for S.
            Assert.Equal('S', WaitForState(held, pid, path, 'S', out _));
            Assert.Equal(1, held.Held);
            Assert.Equal(1, HeldOn(pid));

            Assert.Equal(0, Tmds.Linux.LibC.kill(pid, Tmds.Linux.LibC.SIGSTOP));
            Assert.Equal('T', WaitForState(held, pid, path, 'T', out string text)); // generated afresh through the same descriptor
            Assert.Equal(1, HeldOn(pid)); // no new descriptor for the reads
            Assert.Contains($"{pid} (sleep) T ", text, StringComparison.Ordinal);
            Assert.Equal(0, Tmds.Linux.LibC.kill(pid, Tmds.Linux.LibC.SIGCONT));
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }

        // Reaped: the held descriptor fails (ESRCH), the path is gone (ENOENT), nothing stays open.
        Assert.False(held.TryRead(pid, path, out _, out int gone));
        Assert.Equal(Errno.ENOENT, gone);
        Assert.Equal(0, held.Held);
        Assert.Equal(0, HeldOn(pid));
    }

    [Fact]
    public void It_holds_at_most_its_limit_and_closes_what_a_tick_did_not_read()
    {
        using var reader = new FileReader("/proc");
        using var held = new HeldProcFiles(reader, 2);
        int self = Environment.ProcessId;
        int[] pids = [1, self, 2];

        foreach (int pid in pids)
        {
            Assert.True(held.TryRead(pid, $"{pid}/stat", out var s, out _));
            Assert.StartsWith($"{pid} (", Encoding.ASCII.GetString(s), StringComparison.Ordinal);
        }

        Assert.Equal(2, held.Held); // the third was opened, read and closed
        Assert.Equal(2, HeldOn(pids));
        held.EndTick();
        Assert.Equal(2, held.Held);

        Assert.True(held.TryRead(self, $"{self}/stat", out _, out _));
        held.EndTick(); // pid 1 was not read in this tick
        Assert.Equal(1, held.Held);
        Assert.Equal(1, HeldOn(pids));
        Assert.Equal(1, HeldOn(self));

        held.ReleaseAll();
        Assert.Equal(0, held.Held);
        Assert.Equal(0, HeldOn(pids));

        using var none = new HeldProcFiles(reader, 0);
        Assert.True(none.TryRead(self, $"{self}/stat", out _, out _));
        Assert.Equal(0, none.Held);
    }

    [Theory]
    [InlineData(1024L, 256)]
    [InlineData(64L, 16)]
    [InlineData(3L, 0)]
    [InlineData(0L, 0)]
    [InlineData(1048576L, 1024)]
    [InlineData(null, 1024)]
    public void The_limit_is_a_quarter_of_the_soft_nofile_at_most_1024(long? soft, int expected)
        => Assert.Equal(expected, HeldProcFiles.LimitFor(soft));

    [Fact]
    public void The_limit_for_this_process_comes_from_its_own_limits()
    {
        using var reader = new FileReader("/proc");
        string line = File.ReadAllLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        string soft = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        Assert.Equal(HeldProcFiles.LimitFor(soft == "unlimited" ? null : long.Parse(soft)), HeldProcFiles.LimitForSelf(reader));
    }
}
