using System.Globalization;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>The bottom line: the prompt, a dialog's keys, or key hints with the status, staleness and sample time.</summary>
public static class StatusBar
{
    private static readonly (string Key, string Label)[] Hints =
    [
        ("F1", "Help"), ("/", "Search"), ("\\", "Filter"), ("u", "User"), ("F6", "Sort"), ("Enter", "Why"), ("t", "Tree"), ("Spc", "Freeze"),
        ("K", "Kthr"), ("k", "Kill"), ("d", "Dump"), ("L", "Limit"), ("q", "Quit"),
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

        int room = width - right.Length - 1;
        foreach (var (k, label) in Hints)
        {
            int need = k.Length + label.Length + 1;
            if (line.Length + need > room)
            {
                break;
            }

            line.Add(k, Tone.Key).Add(label + " ", Tone.StatusBar);
        }

        line.PadTo(Math.Max(line.Length, width - right.Length), Tone.StatusBar);
        line.Add(right, rightTone);
        return line.Clip(width).PadTo(width, Tone.StatusBar);
    }
}
