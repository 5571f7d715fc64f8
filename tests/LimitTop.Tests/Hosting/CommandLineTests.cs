using LimitTop.Tests.Survival;

namespace LimitTop.Tests.Hosting;

/// <summary>Command-line mistakes read in the user's terms: one line each on stderr, exit 2, no help wall, no .NET type.</summary>
public sealed class CommandLineTests
{
    private static Sh.Result Run(params string[] args)
        => Sh.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "limittop.dll"), .. args]);

    [Theory]
    [InlineData("-d abc", "limittop: -d: 'abc' is not a number of seconds")]
    [InlineData("--interval 1,5", "limittop: --interval: '1,5' is not a number of seconds")]
    [InlineData("--bogus", "limittop: unknown option '--bogus' (limittop --help lists them)")]
    [InlineData("stray", "limittop: unexpected 'stray': limittop takes options only (limittop --help lists them)")]
    [InlineData("--json", "limittop: --json needs --once or --why (the dashboard has no JSON output; 'd' writes a dump with both)")]
    [InlineData("-d", "limittop: -d needs a value (limittop --help shows which)")]
    [InlineData("--metrics-top many", "limittop: --metrics-top: 'many' is not a whole number")]
    [InlineData("--record-keep 7d", "limittop: --record-keep needs --record DIR")]
    public void A_mistake_is_one_line_in_the_users_terms_and_exit_2(string args, string line)
    {
        var r = Run(args.Split(' '));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(line, r.Stderr.TrimEnd('\n'));
        Assert.Equal("", r.Stdout);
        Assert.DoesNotContain("System.", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_names_each_value_by_what_it_is()
    {
        var r = Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--why <PID>", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("--metrics <ADDR:PORT>", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("-d, --interval <SECONDS>", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("<why>", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("<metrics>", r.Stdout, StringComparison.Ordinal);
    }
}
