using System.Globalization;
using LimitTop.Core.Actions;
using LimitTop.Core.Model;
using LimitTop.Core.Text;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>One thing the limit dialog can do.</summary>
public sealed record LimitChoice
{
    /// <summary>A prlimit change: the resource and the new soft/hard pair (null = unlimited).</summary>
    public LimitResource? Resource { get; init; }

    public LimitPair? NewLimit { get; init; }

    /// <summary>True for "soft up to hard" (any owner may); false for a hard raise (needs CAP_SYS_RESOURCE).</summary>
    public bool SoftToHard { get; init; }

    /// <summary>A pids.max write: the cgroup (path, version) and, after editing, the new value (null = "max").</summary>
    public string? CgroupPath { get; init; }

    public int CgroupVersion { get; init; }

    public long? PidsMax { get; init; }

    public required string Label { get; init; }
}

/// <summary>A pids cgroup as the dialog offers it: where it is and what it holds now.</summary>
public sealed record PidsCgroupInfo(string Path, int Version, long? Max, long? Current);

/// <summary>
/// The raise-limit dialog (L): lists what can be raised for the selected process — soft nproc / nofile /
/// sigpending up to the hard limit, the hard limit too when limittop holds CAP_SYS_RESOURCE
/// (<see cref="LimitRaiser.Plan"/> decides), and a new pids.max for its pids cgroup — then asks for confirmation.
/// Steps: choose (↑↓ or the item's digit, Enter) → for pids.max type a value → confirm (Enter or y) → apply.
/// Esc goes back one step; from the list it closes. Nothing changes before the confirmation.
/// </summary>
public sealed class LimitDialog : IDialog
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly Func<LimitChoice, ActionResult> _apply;
    private readonly List<string> _notes = [];
    private readonly PidsCgroupInfo? _cgroup;

    public LimitDialog(ProcessSample process, IReadOnlyList<LimitPlan> plans, PidsCgroupInfo? cgroup, Func<LimitChoice, ActionResult> apply)
    {
        Process = process;
        _apply = apply;
        _cgroup = cgroup;
        var items = new List<LimitChoice>();
        foreach (var plan in plans)
        {
            string name = LimitRaiser.Name(plan.Resource);
            if (plan.Problem is { } problem)
            {
                _notes.Add(problem);
                continue;
            }

            var cur = plan.Current!.Value;
            if (plan.SoftToHard is { } s)
            {
                items.Add(new LimitChoice
                {
                    Resource = plan.Resource,
                    NewLimit = s,
                    SoftToHard = true,
                    Label = $"{name,-10} soft {Num(cur.Soft)} → {Num(s.Soft)} (up to the hard limit)",
                });
            }

            if (plan.HardRaise is { } h)
            {
                string why = plan.Resource == LimitResource.Nofile ? "fs.nr_open" : Figures.Unlimited;
                items.Add(new LimitChoice
                {
                    Resource = plan.Resource,
                    NewLimit = h,
                    Label = $"{name,-10} soft and hard {Num(cur.Hard)} → {Num(h.Hard)} ({why}; CAP_SYS_RESOURCE)",
                });
            }

            if (plan.SoftToHard is null && plan.HardRaise is null)
            {
                _notes.Add($"{name}: soft = hard = {Num(cur.Hard)}" + (cur.Hard is null ? "" : "; a higher hard limit needs CAP_SYS_RESOURCE"));
            }
        }

        if (cgroup is not null)
        {
            items.Add(new LimitChoice
            {
                CgroupPath = cgroup.Path,
                CgroupVersion = cgroup.Version,
                PidsMax = cgroup.Max,
                Label = $"pids.max   of {cgroup.Path} (v{cgroup.Version}): now {Num(cgroup.Max, "max")}, {Num(cgroup.Current, "?")} in use → new value",
            });
        }

        Items = items;
    }

    public enum Step
    {
        Choose,
        EditPidsMax,
        Confirm,
    }

    public ProcessSample Process { get; }

    public IReadOnlyList<LimitChoice> Items { get; }

    public IReadOnlyList<string> Notes => _notes;

    public int Index { get; private set; }

    public Step Current { get; private set; } = Step.Choose;

    /// <summary>The text typed for pids.max.</summary>
    public string Input { get; private set; } = "";

    /// <summary>The choice being confirmed (with the typed pids.max filled in).</summary>
    public LimitChoice? Pending { get; private set; }

    public string? Error { get; private set; }

    public string Title => "Raise a limit";

    public int PreferredWidth => 84;

    public IReadOnlyList<(string Key, string Label)> Hints => Current switch
    {
        Step.Choose => [("↑↓ 1-9", " choose  "), ("Enter", " next  "), ("Esc", " cancel")],
        Step.EditPidsMax => [("0-9 max", " value  "), ("Enter", " next  "), ("Esc", " back")],
        _ => [("Enter y", " apply  "), ("Esc n", " back")],
    };

    public DialogStep HandleKey(UiKey key) => Current switch
    {
        Step.Choose => ChooseKey(key),
        Step.EditPidsMax => EditKey(key),
        _ => ConfirmKey(key),
    };

    private DialogStep ChooseKey(UiKey key)
    {
        switch (key.Special)
        {
            case SpecialKey.Up: Index = Math.Max(0, Index - 1); return DialogStep.Stay;
            case SpecialKey.Down: Index = Math.Min(Math.Max(0, Items.Count - 1), Index + 1); return DialogStep.Stay;
            case SpecialKey.Esc: return DialogStep.Closed("raise limit cancelled: nothing changed");
            case SpecialKey.Enter: return Next();
        }

        if (key.Char == 'q')
        {
            return DialogStep.Closed("raise limit cancelled: nothing changed");
        }

        if (key.Char is >= '1' and <= '9' && key.Char - '1' < Items.Count)
        {
            Index = key.Char - '1';
            return Next();
        }

        return DialogStep.Stay;
    }

    private DialogStep Next()
    {
        if (Items.Count == 0)
        {
            return DialogStep.Closed("nothing to raise: " + (_notes.Count > 0 ? _notes[0] : "no limit can be changed"));
        }

        var item = Items[Index];
        Error = null;
        if (item.CgroupPath is not null)
        {
            Current = Step.EditPidsMax;
            Input = "";
            return DialogStep.Stay;
        }

        Pending = item;
        Current = Step.Confirm;
        return DialogStep.Stay;
    }

    private DialogStep EditKey(UiKey key)
    {
        switch (key.Special)
        {
            case SpecialKey.Esc:
                Current = Step.Choose;
                Error = null;
                return DialogStep.Stay;
            case SpecialKey.Backspace:
                Input = Input.Length > 0 ? Input[..^1] : Input;
                return DialogStep.Stay;
            case SpecialKey.Enter:
                if (!TryParsePidsMax(Input, out long? max))
                {
                    Error = "type a whole number of processes, or max for no limit";
                    return DialogStep.Stay;
                }

                Error = null;
                Pending = Items[Index] with { PidsMax = max };
                Current = Step.Confirm;
                return DialogStep.Stay;
        }

        if (key.IsChar && (char.IsAsciiDigit(key.Char) || key.Char is 'm' or 'a' or 'x') && Input.Length < 19)
        {
            Input += key.Char;
        }

        return DialogStep.Stay;
    }

    private DialogStep ConfirmKey(UiKey key)
    {
        if (key.Special == SpecialKey.Enter || key.Char is 'y' or 'Y')
        {
            var r = _apply(Pending!);
            return DialogStep.Closed(r.Ok ? r.Message : "failed: " + r.Message);
        }

        if (key.Special == SpecialKey.Esc || key.Char is 'n' or 'N')
        {
            Current = Pending?.CgroupPath is not null ? Step.EditPidsMax : Step.Choose;
            return DialogStep.Stay;
        }

        return DialogStep.Stay;
    }

    /// <summary>"max" (no limit) or a non-negative whole number.</summary>
    public static bool TryParsePidsMax(string text, out long? max)
    {
        max = null;
        string t = text.Trim();
        if (t == "max")
        {
            return true;
        }

        if (long.TryParse(t, NumberStyles.None, Inv, out long v))
        {
            max = v;
            return true;
        }

        return false;
    }

    /// <summary>The question the confirmation step asks.</summary>
    public string Question
    {
        get
        {
            var c = Pending!;
            if (c.CgroupPath is not null)
            {
                return $"Set pids.max of {c.CgroupPath} from {Num(_cgroup?.Max, "max")} to {Num(c.PidsMax, "max")}?";
            }

            var plan = c.NewLimit!.Value;
            return $"Set {LimitRaiser.Name(c.Resource!.Value)} of pid {Process.Pid} ({Process.Name}) to soft {Num(plan.Soft)}, hard {Num(plan.Hard)}?";
        }
    }

    public IReadOnlyList<StyledLine> Body(int innerWidth, int maxLines = int.MaxValue)
    {
        var p = Process;
        var lines = new List<StyledLine>
        {
            new StyledLine(Tone.Dialog).Add("pid ", Tone.DialogDim).Add(p.Pid.ToString(Inv), Tone.DialogTitle).Add("  " + p.Name, Tone.DialogTitle)
                .Add("   user ", Tone.DialogDim).Add(p.User, Tone.Dialog).Add("   threads ", Tone.DialogDim).Add(p.Threads.ToString(Inv), Tone.Dialog),
            new StyledLine(Tone.Dialog),
        };

        if (Current == Step.Choose)
        {
            if (Items.Count == 0)
            {
                lines.Add(new StyledLine(Tone.Dialog).Add("Nothing can be raised for this process.", Tone.DialogWarning));
            }

            for (int i = 0; i < Items.Count; i++)
            {
                bool on = i == Index;
                var tone = on ? Tone.Selected : Tone.Dialog;
                lines.Add(new StyledLine(tone).Add((on ? " ▸ " : "   ") + (i + 1).ToString(Inv) + "  " + Items[i].Label, tone).PadTo(innerWidth, tone));
            }

            if (_notes.Count > 0)
            {
                lines.Add(new StyledLine(Tone.Dialog));
                foreach (var n in _notes)
                {
                    // wrapped, never cut: a refusal's cause is at its end
                    lines.AddRange(TextWrap.Lines(n, innerWidth, "  ").Select(t => new StyledLine(Tone.Dialog).Add(t, Tone.DialogDim)));
                }
            }

            lines.Add(new StyledLine(Tone.Dialog));
            lines.Add(new StyledLine(Tone.Dialog).Add("Enter chooses; nothing changes before you confirm · Esc cancels", Tone.DialogDim));
        }
        else if (Current == Step.EditPidsMax)
        {
            var c = _cgroup!;
            lines.Add(new StyledLine(Tone.Dialog).Add($"pids cgroup {c.Path} (v{c.Version}): pids.max {Num(c.Max, "max")}, pids.current {Num(c.Current, "?")}", Tone.Dialog));
            lines.Add(new StyledLine(Tone.Dialog));
            lines.Add(new StyledLine(Tone.Dialog).Add("New pids.max (a number, or max): ", Tone.DialogKey).Add(Input + "_", Tone.DialogTitle));
            if (Error is { } e)
            {
                lines.AddRange(TextWrap.Lines(e, innerWidth, "  ").Select(t => new StyledLine(Tone.Dialog).Add(t, Tone.DialogWarning)));
            }
        }
        else
        {
            lines.AddRange(TextWrap.Lines(Question, innerWidth, "  ").Select(t => new StyledLine(Tone.Dialog).Add(t, Tone.DialogTitle)));
            if (Pending!.CgroupPath is not null && Pending.PidsMax is { } m && _cgroup?.Current is { } cur && m < cur)
            {
                lines.Add(new StyledLine(Tone.Dialog).Add($"below pids.current ({Num(cur)}): no fork in it succeeds until processes exit", Tone.DialogWarning));
            }

            lines.Add(new StyledLine(Tone.Dialog));
            lines.Add(new StyledLine(Tone.Dialog).Add("Enter or y", Tone.DialogKey).Add(" applies   ", Tone.Dialog).Add("Esc or n", Tone.DialogKey).Add(" goes back", Tone.Dialog));
        }

        return lines;
    }

    private static string Num(long? v, string unlimited = Figures.Unlimited) => v is { } x ? Figures.Count(x) : unlimited;
}
