using System.Text.RegularExpressions;
using LimitTop.Tests.Survival;

namespace LimitTop.Tests.EndToEnd;

/// <summary>
/// Issue 25 on the real screen, in both terminal backends (Terminal.Gui and the single-thread raw terminal): f
/// shows the findings of a fixture kernel in the order <c>--once</c> prints them for the same tree; ( and ) change
/// the refresh interval, the header says it, refreshes go on at the new pace, and limittop.conf keeps it.
/// </summary>
[Collection("tmux")]
public sealed partial class FindingsAndIntervalEndToEndTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [GeneratedRegex(@"^ +\d+ \[(?:!!|!|ok)\] +(.*\S)")]
    private static partial Regex PanelRow();

    [GeneratedRegex(@"^  \[(?:CRIT|WARN| ok )\] (.*)")]
    private static partial Regex OnceRow();

    [SkippableTheory]
    [InlineData("")]
    [InlineData("--single-thread")]
    public void F_ranks_as_once_does_and_the_parens_change_the_refresh(string backend)
    {
        string fx = FixtureTree.PathOf("proc-basic");
        string roots = $"--proc {fx}/proc --sys {fx}/sys --etc {fx}/etc";
        string[] cmd = Tmux.LimittopCommand.Split(' ');
        var once = Sh.Run(cmd[0], [.. cmd[1..], "--once", .. roots.Split(' ')], TimeSpan.FromSeconds(60));
        Assert.Equal(0, once.ExitCode);
        var onceRanked = once.Stdout[once.Stdout.IndexOf("Diagnosis (closest limit first)", StringComparison.Ordinal)..]
            .Split('\n').Select(l => OnceRow().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.True(onceRanked.Count >= 5, once.Stdout);

        using var tmux = Tmux.Start(220, 50); // wide: no sentence wraps
        tmux.Type($"{Tmux.LimittopCommand} {backend} {roots}");
        tmux.Keys("Enter");
        tmux.WaitFor("PROCESSES", 30);
        tmux.Keys("f");
        string list = tmux.WaitFor("FINDINGS", 10);
        var shown = list.Split('\n').Select(l => PanelRow().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        output.WriteLine($"[{backend}] --once {onceRanked.Count}, panel {shown.Count}:\n" + string.Join('\n', shown));
        Assert.True(shown.Count >= onceRanked.Count, list);
        Assert.Equal(onceRanked, shown.Take(onceRanked.Count)); // the same ranking: --once prints the first of the same list
        Assert.Contains("Esc or f closes", list, StringComparison.Ordinal);

        tmux.Keys("f");
        tmux.WaitFor(s => !s.Contains("FINDINGS", StringComparison.Ordinal) && s.Contains("PROCESSES", StringComparison.Ordinal), null, "f closes the list");

        tmux.Keys(")");
        tmux.WaitFor(s => s.Split('\n')[0].Contains("every 2s", StringComparison.Ordinal), null, "the header says every 2s");
        tmux.WaitTicks(2, "refreshes go on at the new interval (the timer was re-armed, not lost)");
        tmux.Keys("(", "(");
        tmux.WaitFor(s => s.Split('\n')[0].Contains("every 0.5s", StringComparison.Ordinal), null, "the header says every 0.5s");
        tmux.WaitTicks(2, "refreshes at half a second");
        string conf = Path.Combine(tmux.ConfigHome, "limittop", "limittop.conf");
        Eventually.Until(() => File.Exists(conf) && File.ReadAllText(conf).Contains("interval=0.5", StringComparison.Ordinal), "limittop.conf keeps interval=0.5");

        tmux.Keys("q");
        tmux.WaitForShell();
    }
}
