using LimitTop.Core.Export;
using LimitTop.Core.Model;
using LimitTop.Core.Trends;
using LimitTop.Dashboard;
using static LimitTop.TestSupport.Snapshots;
using static LimitTop.Tests.Dashboard.UiKeys;

namespace LimitTop.Tests.Dashboard;

/// <summary>
/// Issue 25 item 1: one key (f) shows all findings ranked — Core's one order, the order of --once — and the list
/// scrolls and closes.
/// </summary>
public sealed class FindingsListTests
{
    private static Finding Spent(string scope, string limit, long max) => new()
    {
        Scope = Scope.Parse(scope), Limit = LimitNames.Parse(limit)!.Value, Used = max, Max = max, Percent = 100, Severity = Severity.Critical,
        Message = $"{scope}: {max} of {max} ({limit}, 100%)",
    };

    private static Finding Some(string scope, int i, double percent) => new()
    {
        Scope = Scope.Parse(scope), Limit = LimitKind.Nofile, Used = i, Max = 1000, Percent = percent, Severity = Severities.Of(percent),
        Message = $"{scope}: finding number {i:D3} at {percent:0.#}%",
    };

    /// <summary>A refusing cgroup beside a user whose forecast is near: the issue's own field report.</summary>
    private static IReadOnlyList<Finding> FieldDiagnosis(int more = 0)
    {
        var forecast = new Finding
        {
            Scope = Scope.User("uxapp"), Limit = LimitKind.Nproc, Used = 85, Max = 200, Percent = 42.5, Severity = Severity.Ok,
            Message = "user uxapp: 85 of 200 tasks (42%), full in ~45 seconds", ExhaustedIn = TimeSpan.FromSeconds(45), RatePerMinute = 150,
        };
        var unlimited = new Finding { Scope = Scope.User("root"), Limit = LimitKind.Nproc, Used = 9, Max = null, Percent = null, Severity = Severity.Ok, Message = "user root: unlimited" };
        List<Finding> all = [forecast, Spent("cgroup:/ux-demo", "pids.max", 45), unlimited, Spent("user:bob", "nproc", 50)];
        all.AddRange(Enumerable.Range(0, more).Select(i => Some("process:" + (100 + i), i, 10 + i * 0.1)));
        return ForecastWords.Rank(all);
    }

    private static DashboardController Showing(IReadOnlyList<Finding> diagnosis)
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.OnSnapshot(Make([Proc(1, 30), Proc(2, 20)]) with { Diagnosis = diagnosis });
        c.Frame(120, 30, Now);
        return c;
    }

    /// <summary>The sentences of the findings list, top to bottom, as the screen shows them.</summary>
    private static List<string> Sentences(string screen)
        => screen.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^ +\d+ \[(?:!!|!|ok)\] +(.*\S)"))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public void F_lists_every_finding_in_the_order_of_once_with_the_spent_limits_first()
    {
        var diagnosis = FieldDiagnosis();
        var c = Showing(diagnosis);
        Press(c, K('f'));
        Assert.Equal(Mode.Findings, c.State.Mode);
        string screen = c.Frame(200, 40, Now).Text;
        Assert.Contains("FINDINGS", screen, StringComparison.Ordinal);
        Assert.Contains("3 limits, 2 critical, 0 warning", screen, StringComparison.Ordinal);

        // --once's "Diagnosis" section, sentence for sentence, in the same order
        string once = TextExport.Render(c.Store.Shown!);
        var onceSentences = once[once.IndexOf("Diagnosis (closest limit first)", StringComparison.Ordinal)..].Split('\n')
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^  \[(?:CRIT|WARN| ok )\] (.*)")).Where(m => m.Success)
            .Select(m => m.Groups[1].Value).ToList();
        var shown = Sentences(screen);
        Assert.Equal(onceSentences, shown);
        Assert.StartsWith("cgroup:/ux-demo", shown[0], StringComparison.Ordinal); // refusing now outranks the forecast
        Assert.StartsWith("user:bob", shown[1], StringComparison.Ordinal);
        Assert.StartsWith("user uxapp", shown[2], StringComparison.Ordinal);
        Assert.DoesNotContain("unlimited", screen, StringComparison.Ordinal); // a limitless figure refuses nothing (nor does --once list it)
    }

    [Fact]
    public void The_list_scrolls_with_the_arrows_page_keys_home_and_end_and_closes_with_esc_or_f()
    {
        var c = Showing(FieldDiagnosis(more: 60));
        Press(c, K('f'));
        string top = c.Frame(120, 30, Now).Text;
        Assert.StartsWith("cgroup:/ux-demo", Sentences(top)[0], StringComparison.Ordinal); // (the header's line names it too)
        Assert.Contains("lines 1–", top, StringComparison.Ordinal);
        Assert.DoesNotContain("finding number 000", top, StringComparison.Ordinal); // the lowest is last

        Press(c, K(SpecialKey.Down));
        string down = c.Frame(120, 30, Now).Text;
        Assert.StartsWith("user:bob", Sentences(down)[0], StringComparison.Ordinal);
        Assert.Contains("lines 2–", down, StringComparison.Ordinal);

        Press(c, K(SpecialKey.End));
        string end = c.Frame(120, 30, Now).Text;
        Assert.Contains("finding number 000", end, StringComparison.Ordinal);
        Assert.Contains(" 63 [ok]", end, StringComparison.Ordinal); // 3 + 60 ranked, the last one's rank

        Press(c, K(SpecialKey.PageUp), K(SpecialKey.PageUp));
        string up = c.Frame(120, 30, Now).Text;
        Assert.DoesNotContain("finding number 000", up, StringComparison.Ordinal);
        Press(c, K(SpecialKey.PageDown));
        Press(c, K(SpecialKey.Home));
        Assert.StartsWith("cgroup:/ux-demo", Sentences(c.Frame(120, 30, Now).Text)[0], StringComparison.Ordinal);

        Press(c, K(SpecialKey.Esc));
        Assert.Equal(Mode.Normal, c.State.Mode);
        Press(c, K('f'), K('f'));
        Assert.Equal(Mode.Normal, c.State.Mode);
        Press(c, K('f'), K('q')); // q closes the list; it does not quit from under it
        Assert.Equal(Mode.Normal, c.State.Mode);
        Assert.False(c.State.QuitRequested);
    }

    [Fact]
    public void A_long_sentence_wraps_under_its_rank_and_nothing_is_cut_at_80_columns()
    {
        var longOne = Spent("cgroup:/system.slice/a-very-long-service-name-that-goes-on.service", "pids.max", 4096) with
        {
            Message = "cgroup /system.slice/a-very-long-service-name-that-goes-on.service: 4,096 of 4,096 tasks (pids.max, 100%); worker pid 4242 holds 4,000 threads",
        };
        var c = Showing([longOne]);
        Press(c, K('f'));
        string[] lines = c.Frame(80, 24, Now).Text.Split('\n');
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= 80, l));
        string joined = string.Join(" ", lines.Select(l => l.Trim()));
        Assert.Contains("worker pid 4242 holds 4,000 threads", joined, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_is_in_help_and_the_key_bar()
    {
        var c = Showing(FieldDiagnosis());
        Assert.Contains("fFindings", c.Frame(200, 30, Now).Text, StringComparison.Ordinal);
        Press(c, K(SpecialKey.F1));
        Assert.Matches(@"\n +f +all findings ranked", c.Frame(120, 60, Now).Text);
    }
}
