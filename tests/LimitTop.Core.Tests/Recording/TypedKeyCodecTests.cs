using LimitTop.Core.Model;
using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

/// <summary>
/// The journal carries scopes and limits as their texts (issue 23: typed in memory, the same bytes on the wire): an
/// event's scope and limit are written as the strings they always were, and any text reads back to the same bytes.
/// </summary>
public sealed class TypedKeyCodecTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_796_612_401_000);

    [Theory]
    [InlineData("pid:4242 my\\e[2Japp", "nproc")]
    [InlineData("pid:4242", "unknown (EAGAIN)")]
    [InlineData("system", "oom-kill")]
    [InlineData("cgroup:/a b", "pids.max")]
    [InlineData("quota:/from-a-newer-version", "memory.max")]
    public void An_event_is_written_as_its_texts_and_reads_back_to_the_same_bytes(string scope, string limit)
    {
        var e = new TrendEvent(T0, TrendEvent.Refused, Scope.Parse(scope), EventLimit.Parse(limit), 3, 4242, "myapp");
        var w = new PayloadWriter();
        EventRowCodec.Instance.Write(w, e);

        var plain = new PayloadWriter(); // the layout the string-keyed codec wrote
        plain.Signed(T0.ToUnixTimeMilliseconds());
        plain.String(TrendEvent.Refused);
        plain.String(scope);
        plain.String(limit);
        plain.Signed(3);
        plain.Nullable(4242);
        plain.NullableString("myapp");
        Assert.Equal(plain.Written.ToArray(), w.Written.ToArray());

        var back = EventRowCodec.Instance.Read(new PayloadReader(w.Written.ToArray(), w.Length));
        Assert.Equal(e, back);
        Assert.Equal((scope, limit), (back.Scope.Key, back.Limit.Name));
    }

    [Fact]
    public void A_finding_naming_a_limit_this_version_does_not_know_is_a_format_error_not_a_crash()
    {
        var w = new PayloadWriter();
        w.String("user:bob");
        w.String("memory.max");
        Assert.Throws<JournalFormatException>(() => FindingRowCodec.Instance.Read(new PayloadReader(w.Written.ToArray(), w.Length)));
    }
}
