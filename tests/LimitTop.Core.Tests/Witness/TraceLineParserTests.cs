using System.Text;
using LimitTop.Core.Witness;
using LimitTop.Core.Native;

namespace LimitTop.Core.Tests.Witness;

public sealed class TraceLineParserTests
{
    private sealed record Parsed(TraceLineKind Kind, int Tid, int? Tgid, string Comm, double Timestamp, string Syscall, int Errno);

    private static Parsed Parse(string line)
    {
        var kind = TraceLineParser.Parse(Encoding.UTF8.GetBytes(line), out var p);
        return new Parsed(kind, p.Tid, p.Tgid, Encoding.UTF8.GetString(p.Comm), p.Timestamp, Encoding.UTF8.GetString(p.Syscall), p.Errno);
    }

    [Fact]
    public void The_line_seen_on_this_vm_without_tgid() // docs/kernel-limits.md §17
        => Assert.Equal(new Parsed(TraceLineKind.Refusal, 15154, null, "bash", 414.999523, "sys_clone", 11),
            Parse("            bash-15154 [000] .N... 414.999523: sys_clone -> 0xfffffffffffffff5\n"));

    [Fact]
    public void The_line_with_record_tgid()
        => Assert.Equal(new Parsed(TraceLineKind.Refusal, 12693, 12690, "bash", 548.633181, "sys_clone3", 11),
            Parse("            bash-12693   (  12690) [001] .....   548.633181: sys_clone3 -> 0xfffffffffffffff5"));

    [Theory]
    [InlineData("my app", 101)]
    [InlineData("a-b-c", 102)]
    [InlineData("12-34", 103)]
    [InlineData("a [000] b", 104)]
    [InlineData("x: sys_clone -> 0x1", 105)]
    [InlineData("(sd-pam)", 106)]
    [InlineData("kworker/u4:2", 107)]
    [InlineData("<...>", 108)]
    [InlineData("-", 109)]
    [InlineData("tail ", 110)]
    [InlineData("évé (1)", 111)]
    public void Awkward_comms_keep_their_tid_and_name(string comm, int tid)
    {
        var p = Parse($"  {comm}-{tid}   (  {tid}) [000] d..1. 12.500000: sys_fork -> 0xfffffffffffffff4");
        Assert.Equal(new Parsed(TraceLineKind.Refusal, tid, tid, comm, 12.5, "sys_fork", 12), p);
    }

    [Fact]
    public void An_unknown_tgid_is_null()
        => Assert.Null(Parse("  a-5 (-------) [000] ..... 1.000000: sys_clone -> 0xffffffffffffffff").Tgid);

    [Theory]
    [InlineData(-512)]
    [InlineData(-513)]
    [InlineData(-516)]
    public void Restart_codes_are_not_refusals(long ret)
    {
        var p = Parse($"a-5 [000] ..... 1.000000: sys_clone -> 0x{unchecked((ulong)ret):x}");
        Assert.Equal(TraceLineKind.Restart, p.Kind);
        Assert.Equal((int)-ret, p.Errno);
    }

    [Theory]
    [InlineData(-511, 511)]
    [InlineData(-517, 517)]
    [InlineData(-1, 1)]
    [InlineData(-28, 28)]
    public void Other_negative_values_are_refusals_with_their_errno(long ret, int errno)
    {
        var p = Parse($"a-5 [000] ..... 1.000000: sys_clone3 -> 0x{unchecked((ulong)ret):x}");
        Assert.Equal((TraceLineKind.Refusal, errno), (p.Kind, p.Errno));
    }

    [Theory]
    [InlineData("a-5 [000] ..... 1.000000: sys_clone -> 0x0")]
    [InlineData("a-5 [000] ..... 1.000000: sys_clone -> 0x3039")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("# tracer: nop")]
    [InlineData("CPU:1 [LOST 4231 EVENTS]")]
    [InlineData("#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION")]
    public void Successes_blanks_and_headers_are_other(string line)
        => Assert.Equal(TraceLineKind.Other, Parse(line).Kind);

    [Theory]
    [InlineData("garbage")]
    [InlineData("a-5 [000] ..... 1.000000: sys_clone -> ")]
    [InlineData("a-5 [000] ..... 1.000000: sys_clone")]
    [InlineData("a-x [000] ..... 1.000000: sys_clone -> 0xfffffffffffffff5")]
    [InlineData("a5 [000] ..... 1.000000: sys_clone -> 0xfffffffffffffff5")]
    [InlineData("a-5 000 ..... 1.000000: sys_clone -> 0xfffffffffffffff5")]
    [InlineData("a-5 [000] ..... notatime: sys_clone -> 0xfffffffffffffff5")]
    [InlineData("a-5 (12 [000] ..... 1.0: sys_clone -> 0xfffffffffffffff5")]
    [InlineData(": sys_clone -> 0xfffffffffffffff5")]
    public void Malformed_lines_are_reported_not_thrown(string line)
        => Assert.Equal(TraceLineKind.Malformed, Parse(line).Kind);

    [Fact]
    public void Stats_lost_sums_overrun_commit_overrun_and_dropped()
        => Assert.Equal(7 + 2 + 5, TraceStats.Lost(
            "entries: 40\noverrun: 7\ncommit overrun: 2\nbytes: 56\noldest event ts:   548.633181\nnow ts:   549.134854\ndropped events: 5\nread events: 3\n"));
}
