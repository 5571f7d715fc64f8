using LimitTop.Core.Model;
using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

/// <summary>
/// Format 3 numbers a process patch's mask bits hottest field first (CPU%, RSS, fds, threads…): the usual patch —
/// a process whose CPU% moved — carries a one-byte mask where formats 1 and 2 wrote two; both read back the same rows.
/// </summary>
public sealed class ProcessPatchTests
{
    private static RecordedProcess Proc(int pid, double cpu, long rss = 40_960, int threads = 3) => new(new ProcessSample
    {
        Pid = pid, Ppid = 1, Uid = 1000, Euid = 1000, User = "u", Name = "p", Cmdline = "/bin/p", State = 'S', Threads = threads,
        StartTicks = (ulong)pid * 7, CpuPercent = cpu, RssBytes = rss, Fds = 9,
    }, 0);

    [Theory]
    [InlineData(1, 12.5, 40_960, 3)] // CPU%
    [InlineData(2, 0, 81_920, 3)] // RSS
    [InlineData(3, 7.5, 36_864, 4)] // CPU%, RSS and threads
    public void A_hot_patch_has_a_one_byte_mask_in_format_3_and_reads_back_in_both(int changed, double cpu, long rss, int threads)
    {
        RecordedProcess[] prev = [.. Enumerable.Range(1, 5).Select(p => Proc(p, 0))];
        var cur = prev.ToArray();
        cur[changed] = Proc(changed + 1, cpu, rss, threads);

        int Length(ProcessRowCodec codec, out RecordedProcess[] back)
        {
            var w = new PayloadWriter();
            _ = ListDiff.Encode(w, codec, prev, cur);
            back = ListDiff.Decode(new PayloadReader(w.Written.ToArray(), w.Length), codec, prev);
            return w.Length;
        }

        int v3 = Length(ProcessRowCodec.Of(3), out var read3);
        int v2 = Length(ProcessRowCodec.Of(2), out var read2);
        Assert.Equal(v2 - 1, v3);
        Assert.Equal(cur, read3);
        Assert.Equal(cur, read2);
    }
}
