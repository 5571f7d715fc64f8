using System.Globalization;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>The bottom line: the prompt, a dialog's keys, or key hints with the status, staleness and sample time.</summary>
public static class StatusBar
{
    private static readonly (string Key, string Label)[] Hints =
    [
        ("F1", "Help"), ("/", "Search"), ("\\", "Filter"), ("u", "User"), ("F6", "Sort"), ("Enter", "Why"), ("f", "Findings"), ("t", "Tree"), ("Spc", "Freeze"),
        ("K", "Kthr"), ("k", "Kill"), ("d", "Dump"), ("L", "Limit"), ("q", "Quit"),
    ];

    /// <summary>A replay's keys (Dashboard/Replay/ReplayPlayer.cs): no kill, raise or why; Space plays.</summary>
    private static readonly (string Key, string Label)[] ReplayHints =
    [
        ("F1", "Help"), ("[]", "Tick"), ("{}", "Minute"), ("g", "GoTo"), ("Spc", "Play"), ("+-", "Speed"), ("e", "Events"), ("/", "Search"),
        ("\\", "Filter"), ("u", "User"), ("t", "Tree"), ("d", "Dump"), ("q", "Quit"),
    ];

    public static StyledLine Draw(DashboardState state, SnapshotStore store, int width)
    {
        var line = new StyledLine(Tone.StatusBar);
        string status = state.Status;
        if (state.Mode is Mode.SearchPrompt or Mode.FilterPrompt)
        {
            bool search = state.Mode == Mode.SearchPrompt;
            line.Add(search ? " Search: " : " Filter: ", Tone.Key).Add(state.Prompt + "_", Tone.StatusBar)
                .Add(search ? "   Enter keep · F3 next · Esc clear" : "   Enter keep · Esc clear", Tone.StatusBar);
            if (search && status.StartsWith("no match", StringComparison.Ordinal))
            {
                line.Add("   " + status, Tone.Critical);
            }

            return line.Clip(width).PadTo(width, Tone.StatusBar);
        }

        if (state.Mode == Mode.Dialog && state.Dialog is { } dialog)
        {
            line.Add(" ");
            foreach (var (k, label) in dialog.Hints)
            {
                line.Add(k, Tone.Key).Add(label, Tone.StatusBar);
            }

            return line.Clip(width).PadTo(width, Tone.StatusBar);
        }

        if (state.Mode == Mode.Why)
        {
            return line.Add(" Esc", Tone.Key).Add(" close  ", Tone.StatusBar).Add("↑↓ PgUp PgDn", Tone.Key).Add(" scroll", Tone.StatusBar)
                .Clip(width).PadTo(width, Tone.StatusBar);
        }

        if (state.Mode == Mode.Help)
        {
            return line.Add(" Esc", Tone.Key).Add(" close help", Tone.StatusBar).Clip(width).PadTo(width, Tone.StatusBar);
        }

        if (state.Mode == Mode.Findings)
        {
            return line.Add(" Esc f", Tone.Key).Add(" close the findings  ", Tone.StatusBar).Add("↑↓ PgUp PgDn Home End", Tone.Key).Add(" scroll", Tone.StatusBar)
                .Clip(width).PadTo(width, Tone.StatusBar);
        }

        if (state.Mode == Mode.Events)
        {
            return line.Add(" Esc e", Tone.Key).Add(" close the event log", Tone.StatusBar).Clip(width).PadTo(width, Tone.StatusBar);
        }

        string right = status.Length > 0 ? status + " " : "";
        var rightTone = status.StartsWith("error", StringComparison.Ordinal) ? Tone.Critical : Tone.StatusBar;
        if (store.SampleProblem is { } why)
        {
            string since = store.Shown is { } old ? " since " + old.TakenAt.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "";
            right = "STALE" + since + ": " + why + " " + right;
            rightTone = Tone.Critical;
        }
        else if (store.Shown is { Warnings.Count: > 0 } partial)
        {
            // what the sampler could not read (incomplete list, denied files): never silently
            right += "incomplete: " + partial.Warnings[0] + (partial.Warnings.Count > 1 ? $" (+{partial.Warnings.Count - 1} more)" : "") + " ";
            rightTone = Tone.Warning;
        }

        if (store.LastSampleTime > TimeSpan.Zero)
        {
            right += "sample " + store.LastSampleTime.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms ";
        }

        // htop's habit: the hints drop from the middle, never the end: F1 Help first and q Quit last stay at every
        // width (a status longer than what is left is cut before them, and says the rest on the F2 screen).
        var hints = state.ReplayBanner is null ? Hints : ReplayHints;
        var first = hints[0];
        var last = hints[^1];
        int Need((string Key, string Label) h) => h.Key.Length + h.Label.Length + 1;
        int room = Math.Max(Need(first) + Need(last), width - right.Length - 1);
        line.Add(first.Key, Tone.Key).Add(first.Label + " ", Tone.StatusBar);
        foreach (var h in hints.AsSpan(1, hints.Length - 2))
        {
            if (line.Length + Need(h) + Need(last) > room)
            {
                break;
            }

            line.Add(h.Key, Tone.Key).Add(h.Label + " ", Tone.StatusBar);
        }

        line.Add(last.Key, Tone.Key).Add(last.Label + " ", Tone.StatusBar);
        if (line.Length + right.Length > width)
        {
            // cut, it says where the rest is: a settings warning is on the F2 screen in full
            bool settings = state.SettingsWarning is { } w && status.Contains(w, StringComparison.Ordinal);
            if (settings)
            {
                // the file's directory is on the F2 screen: here its name leaves room for what is wrong
                right = System.Text.RegularExpressions.Regex.Replace(right, @"settings /\S*/(limittop\.conf): ", "$1: ");
            }

            string more = settings ? "… (F2 shows it all) " : "… ";
            int keep = Math.Max(0, width - line.Length - more.Length);
            right = keep > 0 && right.Length > keep + more.Length ? right[..keep] + more : Cells.Fit(right, Math.Max(0, width - line.Length), false);
        }

        line.PadTo(Math.Max(line.Length, width - right.Length), Tone.StatusBar);
        line.Add(right, rightTone);
        return line.Clip(width).PadTo(width, Tone.StatusBar);
    }
}
