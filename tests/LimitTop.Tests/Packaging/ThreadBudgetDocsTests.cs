using System.Text.RegularExpressions;
using LimitTop.Hosting;
using LimitTop.Tests.Fleet;
using LimitTop.Tests.Survival;

namespace LimitTop.Tests.Packaging;

/// <summary>
/// Issue 25 item 6: the man page and the README disagreed on <c>--headless</c>'s thread budget (the man page said
/// "the same start-up thread budget as the dashboard"; the code reserves none). Both now say the code's numbers
/// (Hosting/ThreadProbe.cs), and the shipped binary holds exactly that many tasks.
/// </summary>
[Collection("survival")]
public sealed partial class ThreadBudgetDocsTests(AotBuild build)
{
    private static readonly string Repo = AotBuild.RepoRoot();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    /// <summary>A file's text with every run of white space (line ends, tabs) one space: sentences wrap anywhere.</summary>
    private static string Flat(params string[] path) => Space().Replace(File.ReadAllText(Path.Combine([Repo, .. path])), " ");

    /// <summary>The text from <paramref name="start"/> to the next <paramref name="end"/> (the end of the text when there is none).</summary>
    private static string Section(string text, string start, string end)
    {
        int i = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(i >= 0, "\"" + start + "\" not found");
        int j = text.IndexOf(end, i + start.Length, StringComparison.Ordinal);
        return j < 0 ? text[i..] : text[i..j];
    }

    [Fact]
    public void The_man_page_and_the_readme_give_the_codes_thread_budgets()
    {
        string man = Flat("docs", "limittop.1.scd");
        string readme = Flat("README.md");
        string manHeadless = Section(man, "*--headless* No terminal", "*--metrics* _ADDR:PORT_");
        string readmeHeadless = Section(readme, "`--headless` runs without a terminal", "| option |"); // up to its option table
        foreach (var (what, text) in new[] { ("man page, --headless", manHeadless), ("README, headless", readmeHeadless) })
        {
            Assert.True(text.Contains("no thread budget", StringComparison.Ordinal), what + ": " + text);
            Assert.True(text.Contains($"{ThreadProbe.HeadlessTasks} tasks in all", StringComparison.Ordinal), what + ": " + text);
        }

        Assert.DoesNotContain("same start-up thread budget", man, StringComparison.Ordinal);
        Assert.Contains($"makes {ThreadProbe.DashboardThreads - 1} more threads", man, StringComparison.Ordinal); // the dashboard: main + 8
        Assert.Contains($"({ThreadProbe.DashboardThreads} in all)", readme, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void The_shipped_headless_binary_holds_that_many_tasks()
    {
        using var h = HeadlessProcess.Start(build, []);
        h.WaitTicks(2, "past start-up");
        Assert.Equal(ThreadProbe.HeadlessTasks, h.Threads);
    }
}
