using System.Text.RegularExpressions;
using LimitTop.Tests.Survival;
using LimitTop.TestSupport;

namespace LimitTop.Tests.Packaging;

/// <summary>The man page (docs/limittop.1.scd) is kept in step with --help and with the key table.</summary>
public sealed partial class ManPageTests
{
    private static readonly string Repo = AotBuild.RepoRoot();

    private static string Source => File.ReadAllText(Path.Combine(Repo, "docs", "limittop.1.scd"));

    /// <summary>The built limittop (the test project references it) run as `limittop --help`.</summary>
    private static string Help(params string[] more)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "limittop.dll");
        var r = Sh.Run("dotnet", [dll, "--help", .. more]);
        Sh.Check(r, "limittop --help");
        return r.Stdout;
    }

    [SkippableFact]
    public void Every_option_in_help_is_in_the_man_page()
    {
        var options = OptionName().Matches(Help()).Select(m => m.Value).Distinct().ToList();
        Assert.Contains("--once", options);
        Assert.Contains("--version", options);
        Assert.Contains("--no-color", options);
        var missing = options.Where(o => !Source.Contains("*" + o + "*", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "options in --help but not in docs/limittop.1.scd: " + string.Join(", ", missing));
    }

    [SkippableFact]
    public void Every_key_of_the_help_screen_is_in_the_man_page()
    {
        var keys = LimitTop.Dashboard.KeyMap.All.Where(k => k.Keys.Length > 0).SelectMany(k => k.Keys.Split(' ')).ToList();
        Assert.NotEmpty(keys);
        string keysSection = Source[Source.IndexOf("# KEYS", StringComparison.Ordinal)..Source.IndexOf("# THE SCREEN", StringComparison.Ordinal)];
        // the man page spells the arrows out
        var missing = keys.Select(k => k switch { "↑" => "Up", "↓" => "Down", "\\" => "\\\\", _ => k })
            .Where(k => !keysSection.Contains("*" + k + "*", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "keys missing from the man page's KEYS: " + string.Join(", ", missing));
    }

    [SkippableFact]
    public void Version_prints_the_version_of_the_build_props()
    {
        string props = File.ReadAllText(Path.Combine(Repo, "Directory.Build.props"));
        string expected = Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;
        Assert.Matches(@"^\d+\.\d+\.\d+$", expected);
        var r = Sh.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "limittop.dll"), "--version"]);
        Sh.Check(r, "limittop --version");
        Assert.Equal(expected, r.Stdout.Trim());
    }

    [SkippableFact]
    public void Scdoc_turns_it_into_a_man_page_man_can_read()
    {
        Need.Tool("scdoc");
        string roff = Path.Combine(Path.GetTempPath(), $"limittop-package-{Environment.ProcessId}.1");
        try
        {
            var r = Sh.Run("/bin/sh", ["-c", $"scdoc < '{Path.Combine(Repo, "docs", "limittop.1.scd")}' > '{roff}'"]);
            Sh.Check(r, "scdoc");
            var man = Sh.Run("man", ["-l", roff]);
            Sh.Check(man, "man -l");
            Assert.Contains("SYNOPSIS", man.Stdout);
            Assert.Contains("EXIT STATUS", man.Stdout);
            Assert.Contains("limittop.conf", man.Stdout);
        }
        finally
        {
            File.Delete(roff);
        }
    }

    [GeneratedRegex(@"--[a-z][a-z-]+")]
    private static partial Regex OptionName();
}
