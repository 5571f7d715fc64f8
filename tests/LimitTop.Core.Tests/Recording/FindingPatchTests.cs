using LimitTop.Core.Model;
using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

public sealed class FindingPatchTests
{
    [Theory]
    [InlineData("bob: 211 fds open (20%)", "bob: 212 fds open (20%)")]
    [InlineData("", "new")]
    [InlineData("same", "same")]
    [InlineData("a🧵b", "a🧶b")]
    [InlineData("x🧵", "x🧵🧵")]
    [InlineData("aaaa", "aa")]
    public void A_message_patch_rebuilds_the_new_message(string before, string after)
    {
        var prev = new Finding { Scope = Scope.User("bob"), Limit = LimitKind.Nofile, Used = 211, Max = 1024, Percent = 211 * 100.0 / 1024, Severity = Severity.Ok, Message = before };
        var cur = prev with { Used = 212, Percent = 212 * 100.0 / 1024, Message = after, Severity = Severity.Warning };
        ulong mask = FindingRowCodec.Instance.Diff(prev, cur);
        var w = new PayloadWriter();
        FindingRowCodec.Instance.WritePatch(w, prev, cur, mask);
        var bytes = w.Written.ToArray();
        var back = FindingRowCodec.Instance.ReadPatch(new PayloadReader(bytes, bytes.Length), prev, mask);
        Assert.Equal(cur, back);
        Assert.True(after.Length < 20 || bytes.Length < 12, $"{bytes.Length} bytes for a one-digit change");
    }
}
