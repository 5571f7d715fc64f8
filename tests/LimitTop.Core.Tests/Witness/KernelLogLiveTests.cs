using LimitTop.Core.Model;
using LimitTop.Core.Witness;

namespace LimitTop.Core.Tests.Witness;

/// <summary>/dev/kmsg from the moment the reader opened it: a line written before is not read, one after is.</summary>
[Collection(WitnessCollection.Name)]
public sealed class KernelLogLiveTests
{
    [WitnessFact]
    public void Only_lines_logged_after_start_are_read_and_recognised()
    {
        string marker = "lt_witness " + Guid.NewGuid().ToString("N");
        File.AppendAllText("/dev/kmsg", $"VFS: file-max limit 1 reached ({marker} before)\n");
        using var log = KernelLog.Open(new WitnessOptions());
        Assert.True(log.Status.Up, log.Status.Message);
        File.AppendAllText("/dev/kmsg", $"VFS: file-max limit 2 reached ({marker} after)\n");
        var seen = new List<KernelLogEvent>();
        var end = DateTime.UtcNow.AddSeconds(30);
        while (!seen.Any(e => e.Text.Contains(marker, StringComparison.Ordinal)) && DateTime.UtcNow < end)
        {
            seen.AddRange(log.Drain(DateTimeOffset.UtcNow));
            Thread.Sleep(20);
        }

        var mine = seen.Where(e => e.Text.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.Equal(KernelLogParser.FileMax, Assert.Single(mine).Kind);
        Assert.Contains("after", mine[0].Text, StringComparison.Ordinal);
        Assert.Contains(mine[0], log.Recent());
    }
}
