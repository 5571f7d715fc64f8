using System.Globalization;
using LimitTop.Core.Actions;
using LimitTop.Core.Model;
using LimitTop.Core.Text;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>
/// The kill dialog (k / F9): who is selected, which processes a send would hit (this one / every copy of its
/// command of the same user / its whole pids cgroup — each with its count, computed before anything is sent),
/// and which signal. TERM and "this process" are preselected, so k + Enter is the gentle, narrow kill.
/// Enter sends through <paramref name="send"/> and closes; Esc (or q) cancels; nothing is sent otherwise.
/// </summary>
public sealed class KillDialog(ProcessSample process, IReadOnlyList<KillTarget> targets, Func<KillTarget, SignalChoice, string> send) : IDialog
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The selected process (names in the snapshot are already escaped by SafeText).</summary>
    public ProcessSample Process { get; } = process;

    /// <summary>The target choices in order (process, same command and user, pids cgroup — when they exist).</summary>
    public IReadOnlyList<KillTarget> Targets { get; } = targets.Count > 0 ? targets : throw new ArgumentException("no target", nameof(targets));

    public IReadOnlyList<SignalChoice> SignalChoices => Signals.Choices;

    public int SignalIndex { get; private set; }

    public int TargetIndex { get; private set; }

    public SignalChoice Signal => Signals.Choices[SignalIndex];

    public KillTarget Target => Targets[TargetIndex];

    public string Title => "Send a signal";

    public int PreferredWidth => 78;

    public IReadOnlyList<(string Key, string Label)> Hints =>
        [("↑↓", " signal  "), ("←→ Tab", " target  "), ("Enter", " send  "), ("Esc", " cancel")];

    /// <summary>What the dialog calls each target choice.</summary>
    public static string ChoiceLabel(KillTarget t) => t.Scope switch
    {
        KillScope.Process => $"this process only (pid {t.Selected.Pid})",
        KillScope.SameCommand => $"all {Count(t.Count)} with the same command and user" + (t.Unmatched > 0 ? $" ({t.Unmatched:N0} more unreadable)" : ""),
        _ when t.Label is { } label => $"{label}: {Count(t.Count)}",
        _ => $"whole pids cgroup {t.CgroupPath} (v{t.CgroupVersion}): {Count(t.Count)}",
    };

    /// <summary>"Enter sends TERM (15) to 5 processes" — the sentence the user confirms with Enter.</summary>
    public string Summary => Target.Scope == KillScope.Process
        ? $"Enter sends {Signal.Label} to pid {Target.Selected.Pid}"
        : $"Enter sends {Signal.Label} to {Count(Target.Count)}" + (Signal.Terminates ? ", again until none is left" : "");

    public DialogStep HandleKey(UiKey key)
    {
        switch (key.Special)
        {
            case SpecialKey.Up: SignalIndex = Math.Max(0, SignalIndex - 1); return DialogStep.Stay;
            case SpecialKey.Down: SignalIndex = Math.Min(Signals.Choices.Count - 1, SignalIndex + 1); return DialogStep.Stay;
            case SpecialKey.Home or SpecialKey.PageUp: SignalIndex = 0; return DialogStep.Stay;
            case SpecialKey.End or SpecialKey.PageDown: SignalIndex = Signals.Choices.Count - 1; return DialogStep.Stay;
            case SpecialKey.Right or SpecialKey.Tab: TargetIndex = (TargetIndex + 1) % Targets.Count; return DialogStep.Stay;
            case SpecialKey.Left: TargetIndex = (TargetIndex + Targets.Count - 1) % Targets.Count; return DialogStep.Stay;
            case SpecialKey.Esc: return DialogStep.Closed("kill cancelled: nothing sent");
            case SpecialKey.Enter:
                if (Target.Count == 0)
                {
                    return DialogStep.Closed("kill: no process left in that group; nothing sent");
                }

                return DialogStep.Closed(send(Target, Signal));
        }

        if (key.Char == 'q')
        {
            return DialogStep.Closed("kill cancelled: nothing sent");
        }

        // 1/2/3 pick a target directly
        if (key.Char is >= '1' and <= '9' && key.Char - '1' < Targets.Count)
        {
            TargetIndex = key.Char - '1';
        }

        return DialogStep.Stay;
    }

    public IReadOnlyList<StyledLine> Body(int innerWidth, int maxLines = int.MaxValue)
    {
        var p = Process;
        var lines = new List<StyledLine>
        {
            new StyledLine(Tone.Dialog).Add("pid ", Tone.DialogDim).Add(p.Pid.ToString(Inv), Tone.DialogTitle)
                .Add("  " + p.Name, Tone.DialogTitle)
                .Add("   user ", Tone.DialogDim).Add(p.User, Tone.Dialog)
                .Add("   threads ", Tone.DialogDim).Add(p.Threads.ToString(Inv), Tone.Dialog)
                .Add("   state ", Tone.DialogDim).Add(p.State.ToString(), Tone.Dialog),
            new StyledLine(Tone.Dialog).Add(Cells.Clip(p.Cmdline.Length > 0 ? p.Cmdline : "[" + p.Name + "]", innerWidth), Tone.DialogDim),
            new StyledLine(Tone.Dialog),
            new StyledLine(Tone.Dialog).Add("Target", Tone.DialogKey).Add("  ← → or Tab", Tone.DialogDim),
        };

        for (int i = 0; i < Targets.Count; i++)
        {
            bool on = i == TargetIndex;
            lines.Add(new StyledLine(Tone.Dialog).Add(on ? " (•) " : " ( ) ", on ? Tone.DialogKey : Tone.DialogDim)
                .Add(ChoiceLabel(Targets[i]), on ? Tone.DialogTitle : Tone.Dialog));
        }

        var t = Target;
        string who = t.Scope == KillScope.Process ? $"{t.Name} of {t.User}" : "pids " + (t.Count == 0 ? "(none)" : t.PidList());
        lines.Add(new StyledLine(Tone.Dialog).Add("     " + Cells.Clip(who, Math.Max(1, innerWidth - 5)), Tone.DialogDim));
        lines.Add(new StyledLine(Tone.Dialog));
        lines.Add(new StyledLine(Tone.Dialog).Add("Signal", Tone.DialogKey).Add("  ↑ ↓", Tone.DialogDim));
        // Short terminal: no blank lines, no command line, and a window of signals around the chosen one.
        bool compact = lines.Count + Signals.Choices.Count + 2 > maxLines;
        int first = 0, count = Signals.Choices.Count;
        if (compact)
        {
            lines.RemoveAll(l => l.Length == 0);
            lines.RemoveAt(1);
            count = Math.Clamp(maxLines - lines.Count - 2, 1, Signals.Choices.Count);
            first = Math.Clamp(SignalIndex - count / 2, 0, Signals.Choices.Count - count);
        }

        for (int i = first; i < first + count; i++)
        {
            var s = Signals.Choices[i];
            bool on = i == SignalIndex;
            var tone = on ? Tone.Selected : Tone.Dialog;
            lines.Add(new StyledLine(tone).Add((on ? " ▸ " : "   ") + s.Label.PadRight(10), tone)
                .Add(s.Meaning, on ? Tone.Selected : Tone.DialogDim).PadTo(innerWidth, tone));
        }

        if (!compact)
        {
            lines.Add(new StyledLine(Tone.Dialog));
        }

        lines.Add(new StyledLine(Tone.Dialog).Add(Summary, Tone.DialogWarning).Add(" · Esc cancels", Tone.DialogDim));
        return lines;
    }

    private static string Count(int n) => n == 1 ? "1 process" : Figures.Count(n) + " processes";
}
