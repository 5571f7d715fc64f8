using System.Text.RegularExpressions;

namespace LimitTop.Tests.Packaging;

/// <summary>The built limittop in tmux: a column hidden on the F2 screen stays hidden after a restart.</summary>
[Collection("tmux")]
public sealed class SetupEndToEndTests : IDisposable
{
    /// <summary>The SOCK column title alone (ΔSOCK/m, the trend column, is another column).</summary>
    private const string SockColumn = @"(?<![\wΔ])SOCK\b";

    private readonly string _config = Directory.CreateTempSubdirectory("limittop-package-setup-e2e-").FullName;

    public void Dispose() => Directory.Delete(_config, recursive: true);

    private static string Plain(string pane) => Regex.Replace(pane, @"\e\[[0-9;:]*m", "");

    private static string HeaderOf(string pane)
        => pane.Split('\n').FirstOrDefault(l => Regex.IsMatch(l, @"^\s*PID\S*\s+(USER|THR)")) ?? throw new Xunit.Sdk.XunitException("no table header in:\n" + pane);

    private void Start(Tmux tmux)
    {
        tmux.Type($"XDG_CONFIG_HOME={_config} {Tmux.LimittopCommand}");
        tmux.Keys("Enter");
        tmux.WaitFor("PROCESSES", 20);
    }

    [SkippableFact]
    public void A_column_hidden_on_the_setup_screen_stays_hidden_after_a_restart()
    {
        using var tmux = Tmux.Start(120, 40);
        Start(tmux);
        Assert.Matches(SockColumn, HeaderOf(Plain(tmux.Capture())));

        tmux.Keys("F2");
        tmux.WaitFor("Header panels", 10);
        // the columns list: PID USER THR FDS NOFILE% NPROC SOCK …
        tmux.Keys("Home", "Down", "Down", "Down", "Down", "Down", "Down", "Space");
        tmux.WaitFor("column hidden: SOCK", 10);
        tmux.Keys("Escape");
        tmux.WaitFor(s => s.Contains("PROCESSES", StringComparison.Ordinal) && !s.Contains("Header panels", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the table again");
        Assert.DoesNotMatch(SockColumn, HeaderOf(Plain(tmux.Capture())));
        tmux.Keys("q");
        tmux.WaitForShell();

        string conf = File.ReadAllText(Path.Combine(_config, "limittop", "limittop.conf"));
        Assert.Matches(@"(?m)^columns=PID USER THR FDS NOFILE% NPROC ΔTHR/m ΔFD/m ΔSOCK/m REFUSED CGROUP S CPU% RSS COMMAND$", conf);

        Start(tmux);
        string header = HeaderOf(Plain(tmux.WaitTicks(2, "a full frame after the second sample")));
        Assert.DoesNotMatch(SockColumn, header);
        Assert.Contains("USER", header);
        Assert.Contains("CGROUP", header);
        tmux.Keys("q");
        tmux.WaitForShell();
    }
}
