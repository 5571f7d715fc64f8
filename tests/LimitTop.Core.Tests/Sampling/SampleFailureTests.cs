using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Native;

namespace LimitTop.Core.Tests.Sampling;

/// <summary>
/// A failed sample is only a refused resource: a bug inside sampling surfaces as its exception (not as a STALE
/// frame), and what the kernel says when it is out of something is told apart from it.
/// </summary>
public sealed class SampleFailureTests
{
    /// <summary>A clock that, once armed, throws what a parser indexing past a short fixture line would.</summary>
    private sealed class BuggyClock : TimeProvider
    {
        public bool Armed { get; set; }

        public override long GetTimestamp()
            => Armed ? throw new IndexOutOfRangeException("Index was outside the bounds of the array.") : base.GetTimestamp();
    }

    [Fact]
    public void A_bug_inside_sampling_surfaces_as_its_exception_not_as_a_stale_sample()
    {
        using var tree = FixtureTree.Open("proc-basic");
        var clock = new BuggyClock();
        using var sampler = new Sampler(tree.Root, time: clock);
        Assert.True(sampler.TrySample(out var first, out string? problem), problem);
        Assert.NotEmpty(first.Processes);

        clock.Armed = true;
        Assert.Throws<IndexOutOfRangeException>(() => sampler.TrySample(out _, out _));
    }

    [Theory]
    [InlineData(typeof(IndexOutOfRangeException))]
    [InlineData(typeof(OutOfMemoryException))]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(FormatException))]
    [InlineData(typeof(OverflowException))]
    [InlineData(typeof(UnauthorizedAccessException))]
    [InlineData(typeof(FileNotFoundException))]
    public void Bugs_and_other_failures_are_not_refusals(Type type)
        => Assert.False(Sampler.IsRefusal((Exception)Activator.CreateInstance(type)!));

    [Theory]
    [InlineData(Errno.EMFILE, true)]
    [InlineData(Errno.ENFILE, true)]
    [InlineData(Errno.EAGAIN, true)]
    [InlineData(Errno.ENOMEM, true)]
    [InlineData(Errno.EIO, false)]
    [InlineData(Errno.EACCES, false)]
    [InlineData(unchecked((int)0x80131620), false)] // COR_E_IO: an IOException with no errno
    public void An_IOException_is_a_refusal_only_when_its_errno_says_out_of_a_resource(int hresult, bool refusal)
        => Assert.Equal(refusal, Sampler.IsRefusal(new IOException("x", hresult)));
}
