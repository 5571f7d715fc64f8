using System.Text;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Why;

namespace LimitTop.Core.Tests.Why;

/// <summary>The few extra fields --why reads: CapEff and VmSize of status, every row of limits, maps in one pass.</summary>
public sealed class WhyParserTests
{
    [Fact]
    public void Status_gives_cap_eff_as_hex_and_vm_size()
    {
        var text = "Name:\tx\nState:\tS (sleeping)\nUid:\t5\t5\t5\t5\nVmSize:\t  123456 kB\nThreads:\t3\nCapEff:\t0000000000200000\n"u8;
        Assert.True(StatusParser.TryParse(text, out var s));
        Assert.Equal((1UL << 21, 123456L), (s.CapEff!.Value, s.VmSizeKb!.Value));
        Assert.True(StatusParser.TryParse("Uid:\t5\t5\t5\t5\nThreads:\t1\n"u8, out var bare));
        Assert.Null(bare.CapEff); // a kernel that hides it: unknown, not "no capabilities"
    }

    [Fact]
    public void Every_limits_row_by_name()
    {
        string text = "Limit                     Soft Limit           Hard Limit           Units     \n"
            + "Max stack size            8388608              unlimited            bytes     \n"
            + "Max processes             3859                 3859                 processes \n"
            + "Max address space         unlimited            unlimited            bytes     \n"
            + "Max nice priority         0                    0                    \n";
        var rows = LimitsParser.Table(Encoding.ASCII.GetBytes(text));
        Assert.Equal(new LimitPair(8388608, null), rows[LimitsParser.Stack]);
        Assert.Equal(new LimitPair(3859, 3859), rows[LimitsParser.Nproc]);
        Assert.Equal(LimitPair.Unlimited, rows[LimitsParser.AddressSpace]);
        Assert.Equal(new LimitPair(0, 0), rows["Max nice priority"]);
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public void Maps_count_vmas_and_private_writable_bytes()
    {
        string maps = "00400000-00401000 r-xp 00000000 08:01 1 /bin/x\n"
            + "00600000-00602000 rw-p 00000000 08:01 1 /bin/x\n"        // private writable: 8 KiB
            + "7f0000000000-7f0000100000 rw-s 00000000 00:05 2 /dev/shm/y\n" // shared: not committed again by fork
            + "7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0 [stack]\n"    // 132 KiB
            + "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]\n";
        Assert.Equal((4, 0x2000L + 0x21000), MapsSummary.Of(Encoding.ASCII.GetBytes(maps)));
    }
}
