using LimitTop.Core.Sampling;
using LimitTop.Core.Settings;

namespace LimitTop.Dashboard;

/// <summary>The header's panels the setup screen shows or hides (limittop.conf's <c>meters</c>).</summary>
[Flags]
public enum HeaderPanels
{
    None = 0,
    Gauges = 1,
    Diagnosis = 2,
    Users = 4,
    Cgroups = 8,
    Sockets = 16,

    /// <summary>htop's CPU and memory meters (limittop.conf's "cpumemory").</summary>
    CpuMemory = 32,
    All = CpuMemory | Gauges | Diagnosis | Users | Cgroups | Sockets,
}

/// <summary>The three lists of the F2 setup screen.</summary>
public enum SetupSection
{
    Columns,
    Meters,
    Scheme,
}

/// <summary>Where the cursor is on the setup screen; what it changes lives in <see cref="DashboardState"/>.</summary>
public sealed class SetupCursor
{
    public SetupSection Section { get; set; }

    /// <summary>Row per section: a column (visible ones first, in screen order), a panel, a scheme.</summary>
    public int[] Rows { get; } = new int[3];

    public int Row
    {
        get => Rows[(int)Section];
        set => Rows[(int)Section] = value;
    }
}

public sealed partial class DashboardState
{
    public HeaderPanels Meters { get; set; } = HeaderPanels.All;

    /// <summary>The colour scheme's name (Schemes/ColorSchemes.cs); the backend draws with it from the next frame.</summary>
    public string Scheme { get; set; } = "default";

    /// <summary>The user chose <see cref="Scheme"/> on the setup screen (so it is saved; NO_COLOR's choice is not).</summary>
    public bool SchemeChosen { get; set; }

    /// <summary>The refusal witness is asked for (F2 setup, limittop.conf's <c>witness</c>; <c>--no-witness</c> clears it).</summary>
    public bool Witness { get; set; } = true;

    /// <summary>The user switched <see cref="Witness"/> on the setup screen (so it is saved; --no-witness is not).</summary>
    public bool WitnessChosen { get; set; }

    /// <summary>Applies a switch of <see cref="Witness"/> (the host's witness stage); null: nothing to switch.</summary>
    public Action<bool>? SwitchWitness { get; set; }

    /// <summary>What was wrong with limittop.conf at start-up (the F2 screen shows it in full); null when nothing.</summary>
    public string? SettingsWarning { get; set; }

    /// <summary>The setup screen's cursor while <see cref="Mode.Setup"/> is open.</summary>
    public SetupCursor? Setup { get; set; }

    /// <summary>Saves the settings the user changed (limittop.conf); returns an error in words, or null. Null: nothing saves.</summary>
    public Func<DashboardState, string?>? Persist { get; set; }

    /// <summary>
    /// What the sampler must read for what is on screen (htop's column flags): SOCK needs the fd → socket scan;
    /// FDS and NOFILE% need the fd counts, and so do the Users panel (WORST NOFILE) and the diagnosis line (the
    /// nofile findings) — hiding FDS alone keeps the count, hiding FDS, NOFILE%, ΔFD/m, users and diagnosis stops it.
    /// </summary>
    public ReadNeeds Needs => ColumnSpec.NeedsOf(
        Options.Columns,
        nofileChecks: (Meters & (HeaderPanels.Users | HeaderPanels.Diagnosis)) != 0);

    /// <summary>The setup screen's column list: the visible columns in screen order, then the hidden ones.</summary>
    public IReadOnlyList<ProcessColumn> SetupColumns
        => Options.Columns.Concat(ColumnSpec.All.Select(c => c.Column).Where(c => !Options.Columns.Contains(c))).ToArray();
}
