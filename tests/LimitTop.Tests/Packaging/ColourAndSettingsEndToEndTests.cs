using System.Text.RegularExpressions;

namespace LimitTop.Tests.Packaging;

/// <summary>The built limittop in tmux: NO_COLOR and --no-color draw without colour, the settings file is read.</summary>
[Collection("tmux")]
public sealed partial class ColourAndSettingsEndToEndTests : IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("limittop-package-e2e-").FullName;

    [GeneratedRegex(@"\e\[([0-9;:]*)m")]
    private static partial Regex Sgr();

    /// <summary>SGR parameters that set a colour (30–38, 40–48, 90–97, 100–107); 39 and 49 are the defaults.</summary>
    private static List<string> ColourCodes(string pane)
        => Sgr().Matches(pane).SelectMany(m => m.Groups[1].Value.Split(';', ':'))
            .Where(p => int.TryParse(p, out int n) && (n is (>= 30 and <= 38) or (>= 40 and <= 48) or (>= 90 and <= 97) or (>= 100 and <= 107)))
            .ToList();

    private string Screen(Tmux tmux, string env, string args = "")
    {
        tmux.Type($"{env} XDG_CONFIG_HOME={_config} {Tmux.LimittopCommand} {args}");
        tmux.Keys("Enter");
        tmux.WaitFor("PROCESSES", 20);
        tmux.WaitTicks(2, "a full frame after the second sample");
        string pane = tmux.Cmd("capture-pane", "-e", "-p", "-t", tmux.Name);
        tmux.Keys("q");
        tmux.WaitForShell();
        return pane;
    }

    [SkippableTheory]
    [InlineData("NO_COLOR=1", "")]
    [InlineData("", "--no-color")]
    [InlineData("TERM=dumb", "")]
    public void Without_colour_the_screen_has_no_colour_codes_but_keeps_reverse_video(string env, string args)
    {
        using var tmux = Tmux.Start(120, 40);
        string pane = Screen(tmux, env, args);
        Assert.Empty(ColourCodes(pane));
        Assert.Contains(Sgr().Matches(pane), m => m.Groups[1].Value.Split(';').Contains("7")); // header, selection
    }

    [SkippableFact]
    public void With_colour_the_default_scheme_draws_colours()
    {
        using var tmux = Tmux.Start(120, 40);
        Assert.NotEmpty(ColourCodes(Screen(tmux, "")));
    }

    [SkippableFact]
    public void The_settings_file_sorts_the_table_and_a_bad_line_is_a_warning_not_a_crash()
    {
        Directory.CreateDirectory(Path.Combine(_config, "limittop"));
        File.WriteAllText(Path.Combine(_config, "limittop", "limittop.conf"), "sort_key=PID\nsort_direction=asc\ninterval=fast\n");
        using var tmux = Tmux.Start(120, 40);
        string pane = Regex.Replace(Screen(tmux, "NO_COLOR=1"), @"\e\[[0-9;:]*m", "");
        Assert.True(pane.Contains("interval: 'fast'", StringComparison.Ordinal), pane);
        var lines = pane.Split('\n');
        int header = Array.FindIndex(lines, l => Regex.IsMatch(l, @"^\s*PID\S*\s+USER"));
        Assert.True(header >= 0, pane);
        Assert.Contains("PID▲", lines[header]);           // the sort marker on PID, ascending
        Assert.Matches(@"^\s*1\s", lines[header + 1]); // init first
    }

    public void Dispose() => Directory.Delete(_config, recursive: true);
}
