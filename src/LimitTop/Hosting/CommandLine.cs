using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using LimitTop.Core.Metrics;

namespace LimitTop.Hosting;

/// <summary>
/// The one command-line definition of every mode (dashboard, --once, --why, --headless): each option once, with
/// the name a script depends on and the placeholder --help shows (<c>--why PID</c>, <c>--metrics ADDR:PORT</c>);
/// number options parse their text themselves so that a mistake reads in the user's terms
/// ("-d: 'abc' is not a number of seconds"), never as a .NET type name.
/// </summary>
internal sealed class CommandLine
{
    public CommandLine()
    {
        Root = new RootCommand("limittop — the htop for the limits that stop a Linux box from forking")
        {
            Once, Json, Proc, Sys, Etc, Interval, DumpDir, SingleThread, Why, NoColor,
            Headless, Metrics, MetricsPublic, MetricsTop, Textfile, Record, RecordEvery, RecordKeep, RecordMaxBytes,
            RecordDumps, RecordDumpsMaxBytes, Replay, At, Events,
        };
        Root.Options.Add(VarLib);
        Root.Options.Add(RunDir);
        Root.Options.Add(NoWitness);
    }

    public RootCommand Root { get; }

    public Option<bool> Once { get; } = new("--once") { Description = "Print one snapshot as plain text and exit." };
    public Option<bool> Json { get; } = new("--json") { Description = "With --once: print the snapshot as JSON (schema limittop.snapshot/1); with --why, the explanation (limittop.why/1)." };
    public Option<string> Proc { get; } = new("--proc") { Description = "Root of the proc filesystem (a captured fixture tree works).", HelpName = "DIR", DefaultValueFactory = _ => "/proc" };
    public Option<string> Sys { get; } = new("--sys") { Description = "Root of the sys filesystem.", HelpName = "DIR", DefaultValueFactory = _ => "/sys" };
    public Option<string> Etc { get; } = new("--etc") { Description = "Directory holding passwd, group and security/limits.* (user names, pam_limits for --why).", HelpName = "DIR", DefaultValueFactory = _ => "/etc" };
    public Option<string> VarLib { get; } = new("--var-lib") { Description = "Where the container runtimes and the kubelet keep their state (docker, containers/storage, kubelet/config.yaml): names containers.", HelpName = "DIR", DefaultValueFactory = _ => "/var/lib" };
    public Option<string> RunDir { get; } = new("--run") { Description = "Where containerd's task bundles and CRI-O's run root are (names Kubernetes containers).", HelpName = "DIR", DefaultValueFactory = _ => "/run" };
    public Option<string?> Why { get; } = new("--why") { Description = "Explain why process PID can or cannot create a task: every limit in the kernel's order and where it came from (with --json: schema limittop.why/1).", HelpName = "PID" };
    public Option<double> Interval { get; } = new("--interval", "-d") { Description = "Seconds between refreshes (0.1 … 3600).", HelpName = "SECONDS", DefaultValueFactory = _ => 1.0, CustomParser = r => Number(r, "a number of seconds") };
    public Option<string?> DumpDir { get; } = new("--dump-dir") { Description = "Where 'd' writes snapshots (default $XDG_STATE_HOME/limittop or ~/.local/state/limittop).", HelpName = "DIR" };
    public Option<bool> SingleThread { get; } = new("--single-thread") { Description = "Run the dashboard on the main thread alone (chosen by itself when the kernel refuses a thread)." };
    public Option<bool> NoColor { get; } = new("--no-color") { Description = "No colours (as NO_COLOR=1): bold, underline and reverse video only." };

    public Option<bool> Headless { get; } = new("--headless") { Description = "Run without a terminal until SIGTERM/SIGINT: sample every --interval, serve --metrics, write --textfile, --record." };
    public Option<string?> Metrics { get; } = new("--metrics") { Description = "Serve Prometheus metrics at http://ADDR:PORT/metrics, headless or beside the dashboard (loopback only unless --metrics-public).", HelpName = "ADDR:PORT" };
    public Option<bool> MetricsPublic { get; } = new("--metrics-public") { Description = "Allow --metrics on a non-loopback address (no TLS, no authentication: put a proxy in front)." };
    public Option<int> MetricsTop { get; } = new("--metrics-top") { Description = "Per-process series for the top N by threads and by fd ratio.", HelpName = "N", DefaultValueFactory = _ => MetricsFormatter.DefaultTop, CustomParser = r => Int(r, "a whole number") };
    public Option<string?> Textfile { get; } = new("--textfile") { Description = "Write the metrics to FILE each tick (atomic rename), for node_exporter's textfile collector; headless or beside the dashboard.", HelpName = "FILE" };
    public Option<string?> Record { get; } = new("--record") { Description = "Record every tick to a journal in DIR (look back with --replay DIR), and dump when a finding turns critical or a fork is refused; headless or beside the dashboard.", HelpName = "DIR" };
    public Option<double> RecordEvery { get; } = new("--record-every") { Description = "Seconds between two dumps of the same finding.", HelpName = "SECONDS", DefaultValueFactory = _ => 300, CustomParser = r => Number(r, "a number of seconds") };
    public Option<TimeSpan> RecordKeep { get; } = new("--record-keep") { Description = "How long the journal in --record DIR keeps ticks (7d, 36h, 90m; oldest segments removed first).", HelpName = "AGE", DefaultValueFactory = _ => TimeSpan.FromDays(7), CustomParser = RecordingOptions.ParseAge };
    public Option<long> RecordMaxBytes { get; } = new("--record-max-bytes") { Description = "Bytes the journal in --record DIR may take (1G, 256M, 500K; oldest segments removed first).", HelpName = "SIZE", DefaultValueFactory = _ => RecordingOptions.DefaultMaxBytes, CustomParser = RecordingOptions.ParseSize };
    public Option<int> RecordDumps { get; } = new("--record-dumps") { Description = "Dumps kept in --record DIR (oldest removed first).", HelpName = "N", DefaultValueFactory = _ => 50, CustomParser = r => Int(r, "a whole number") };
    public Option<long> RecordDumpsMaxBytes { get; } = new("--record-dumps-max-bytes") { Description = "Bytes the dumps in --record DIR may take (oldest removed first).", HelpName = "SIZE", DefaultValueFactory = _ => 100L * 1024 * 1024, CustomParser = RecordingOptions.ParseSize };
    public Option<string?> Replay { get; } = new("--replay") { Description = "The dashboard on a journal recorded with --record (a directory or one .ltj file); with --at TIME --once [--json] the report of one moment, with --events [--json] every recorded event.", HelpName = "DIR|FILE" };
    public Option<string?> At { get; } = new("--at") { Description = "With --replay: the moment to show (03:14, 2026-12-07 03:14:05, -2h; UTC).", HelpName = "TIME" };
    public Option<bool> Events { get; } = new("--events") { Description = "With --replay: print every recorded event, one a line (with --json: one JSON object a line)." };

    public Option<bool> NoWitness { get; } = new("--no-witness") { Description = "Do not witness refused forks (no tracefs instance, no /dev/kmsg): refusals are then counted only where a pids cgroup counts them." };

    /// <summary>The options of the recorder (the journal and the dumps): headless or beside the dashboard, never in a replay.</summary>
    public IEnumerable<Option> RecordOnly => [Record, RecordEvery, RecordKeep, RecordMaxBytes, RecordDumps, RecordDumpsMaxBytes];

    public ParseResult Parse(string[] args) => Root.Parse(args);

    /// <summary>True for --help and --version (System.CommandLine prints those itself).</summary>
    public static bool IsHelpOrVersion(ParseResult r) => r.Errors.Count == 0 && r.Action is not null;

    /// <summary>
    /// What is wrong with the command line, one line each in the user's terms (empty when nothing is): parse errors,
    /// unknown words, and options that do nothing where they were given.
    /// </summary>
    public IReadOnlyList<string> Problems(ParseResult r)
    {
        var problems = new List<string>();
        foreach (var e in r.Errors)
        {
            problems.Add(Words(e));
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        if (r.GetValue(Json) && !r.GetValue(Once) && r.GetValue(Why) is null && !r.GetValue(Events))
        {
            problems.Add("--json needs --once or --why (the dashboard has no JSON output; 'd' writes a dump with both)");
        }

        problems.AddRange(RecordingOptions.Problems(this, r));

        return problems;
    }

    private static string Words(ParseError e)
    {
        const string Unknown = "Unrecognized command or argument '", Missing = "Required argument missing for option: '";
        if (e.Message.StartsWith(Missing, StringComparison.Ordinal))
        {
            return $"{e.Message[Missing.Length..].TrimEnd('.').TrimEnd('\'')} needs a value (limittop --help shows which)";
        }

        if (e.Message.StartsWith(Unknown, StringComparison.Ordinal))
        {
            string word = e.Message[Unknown.Length..].TrimEnd('.').TrimEnd('\'');
            return word.StartsWith('-')
                ? $"unknown option '{Core.Text.SafeText.Escape(word)}' (limittop --help lists them)"
                : $"unexpected '{Core.Text.SafeText.Escape(word)}': limittop takes options only (limittop --help lists them)";
        }

        return Core.Text.SafeText.Escape(e.Message);
    }

    private static int Int(ArgumentResult r, string what) => (int)Math.Clamp(Number(r, what, whole: true), int.MinValue, int.MaxValue);

    /// <summary>Parses an option's one value as a number; a mistake becomes "NAME: 'TEXT' is not WHAT".</summary>
    private static double Number(ArgumentResult r, string what, bool whole = false)
    {
        string name = r.Parent is OptionResult o ? o.IdentifierToken?.Value ?? o.Option.Name : "value";
        if (r.Tokens.Count != 1)
        {
            r.AddError($"{name} needs {what}");
            return 0;
        }

        string text = r.Tokens[0].Value;
        var style = whole ? NumberStyles.Integer : NumberStyles.Float;
        if (!double.TryParse(text, style, CultureInfo.InvariantCulture, out double v) || double.IsNaN(v) || double.IsInfinity(v)
            || (whole && (v > long.MaxValue || v < long.MinValue)))
        {
            r.AddError($"{name}: '{Core.Text.SafeText.Escape(text)}' is not {what}");
            return 0;
        }

        return v;
    }
}
