using LimitTop.Core.Sampling;

namespace LimitTop.Core.Settings;

/// <summary>One process-table column as the settings file names it, and the optional reads it needs.</summary>
public sealed record ColumnInfo(string Name, ReadNeeds Reads, bool VisibleByDefault = true);

/// <summary>
/// The process table's columns in their default order, by the title the screen shows (the UI's
/// <c>ColumnSpec</c> titles; a test keeps the two in step). The settings file stores them by these names.
/// </summary>
public static class ColumnCatalog
{
    public static readonly IReadOnlyList<ColumnInfo> All =
    [
        new("PID", ReadNeeds.None),
        new("USER", ReadNeeds.None),
        new("THR", ReadNeeds.None),
        new("FDS", ReadNeeds.FdCounts),
        new("NOFILE%", ReadNeeds.FdCounts),
        new("NPROC", ReadNeeds.None),
        new("SOCK", ReadNeeds.ProcessSockets),
        new("ΔTHR/m", ReadNeeds.None),
        new("ΔFD/m", ReadNeeds.FdCounts),
        new("ΔSOCK/m", ReadNeeds.ProcessSockets),
        new("REFUSED", ReadNeeds.None),
        new("CGROUP", ReadNeeds.None),
        new("S", ReadNeeds.None),
        new("CPU%", ReadNeeds.None),
        new("RSS", ReadNeeds.None),
        new("COMMAND", ReadNeeds.None),
    ];

    /// <summary>Columns that cannot be hidden: the row's identity and the figure the table ranks by default.</summary>
    public static readonly IReadOnlySet<string> Required = new HashSet<string>(StringComparer.Ordinal) { "PID", "THR", "COMMAND" };

    public static ColumnInfo? Find(string name)
        => All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<string> DefaultOrder { get; } = All.Where(c => c.VisibleByDefault).Select(c => c.Name).ToArray();

    /// <summary>
    /// What the sampler must read for these visible columns. The fd counts also feed the Users panel's WORST
    /// NOFILE and the nofile findings of the diagnosis: pass <paramref name="nofileChecks"/> false only when the
    /// screen shows neither (the phase-2 setup screen's choice), otherwise hiding FDS keeps the count.
    /// </summary>
    public static ReadNeeds NeedsOf(IEnumerable<string> visible, bool nofileChecks = true)
    {
        var needs = nofileChecks ? ReadNeeds.FdCounts : ReadNeeds.None;
        foreach (var name in visible)
        {
            needs |= Find(name)?.Reads ?? ReadNeeds.None;
        }

        return needs;
    }
}
