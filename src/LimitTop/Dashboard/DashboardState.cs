using LimitTop.Frames;

namespace LimitTop.Dashboard;

public enum Mode
{
    Normal,
    Help,
    SearchPrompt,
    FilterPrompt,
    Picker,

    /// <summary>The event log (e) replaces the panels and the table.</summary>
    Events,

    /// <summary>A modal dialog (kill, raise limit) has the keys.</summary>
    Dialog,

    /// <summary>The explanation of one process (Enter) replaces the panels and the table.</summary>
    Why,
    /// <summary>The F2 setup screen: columns, header panels, colour scheme (DashboardState.Setup.cs).</summary>
    Setup,

    /// <summary>All findings ranked (f) replace the panels and the table.</summary>
    Findings,
}

/// <summary>A choice list (sort column, user); the composer draws it, the input handler moves in it.</summary>
public sealed record Picker(string Title, IReadOnlyList<string> Items, Action<int> Choose)
{
    public int Index { get; set; }
}

/// <summary>
/// The dashboard's UI state as plain data: mode, prompt, search, picker, dialog, view options, status. The
/// <see cref="InputHandler"/> changes it; the <see cref="FrameComposer"/> only reads it.
/// </summary>
public sealed partial class DashboardState
{
    public DashboardState(TimeSpan interval) => Interval = interval;

    /// <summary>Time between refreshes: --interval, limittop.conf's <c>interval</c>, or ( ) on the dashboard.</summary>
    public TimeSpan Interval { get; set; }

    /// <summary>The user changed <see cref="Interval"/> on the dashboard (so it is saved; a one-off -d is not).</summary>
    public bool IntervalChosen { get; set; }

    public Mode Mode { get; set; } = Mode.Normal;

    /// <summary>Text typed in the search or filter prompt.</summary>
    public string Prompt { get; set; } = "";

    /// <summary>Text of the last search; F3/n jump to its next match.</summary>
    public string Search { get; set; } = "";

    public Picker? Picker { get; set; }

    /// <summary>The open dialog (kill, raise limit); null in every other mode.</summary>
    public IDialog? Dialog { get; set; }

    /// <summary>The open explanation (Enter); null when none is open.</summary>
    public WhyView? Why { get; set; }

    public ViewOptions Options { get; set; } = new();

    /// <summary>First line of the event log on screen (e); the composer clamps it to the last full page.</summary>
    public int EventsTop { get; set; }

    /// <summary>First line of the findings list on screen (f); the composer clamps it to the last full page.</summary>
    public int FindingsTop { get; set; }

    /// <summary>First line of the help page on screen (F1); the composer clamps it to the last full page.</summary>
    public int HelpTop { get; set; }

    public string Status { get; set; } = "";

    /// <summary>What this backend cannot do, shown on the help page (the single-thread mode: no mouse); null for none.</summary>
    public string? ModeNote { get; set; }

    public bool QuitRequested { get; set; }

    /// <summary>The pids cgroups panel shows paths instead of names (key p).</summary>
    public bool ShowCgroupPaths { get; set; }

    /// <summary>"REPLAY 2026-12-07 03:14:05 UTC paused" while replaying a recording (the header shows it); null live.</summary>
    public string? ReplayBanner { get; set; }

    /// <summary>No block glyphs (TERM=dumb): sparklines draw in ASCII.</summary>
    public bool Ascii { get; set; } = Environment.GetEnvironmentVariable("TERM") == "dumb";
}
