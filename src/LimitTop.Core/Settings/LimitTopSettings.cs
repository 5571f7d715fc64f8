using LimitTop.Core.Columns;
using System.Globalization;

namespace LimitTop.Core.Settings;

/// <summary>
/// What limittop.conf remembers. Every field is null when the file does not say (or says something unusable):
/// the caller then keeps its default, and a command-line option given explicitly wins over the file.
/// </summary>
public sealed record LimitTopSettings
{
    public const string SortKeyKey = "sort_key";
    public const string SortDirectionKey = "sort_direction";
    public const string ColumnsKey = "columns";
    public const string KernelThreadsKey = "show_kernel_threads";
    public const string TreeViewKey = "tree_view";
    public const string TreeFoldedKey = "tree_folded";
    public const string IntervalKey = "interval";
    public const string ColorSchemeKey = "color_scheme";
    public const string MetersKey = "meters";
    public const string WitnessKey = "witness";

    public static readonly IReadOnlyList<string> SchemeNames = ["default", "monochrome", "light"];

    /// <summary>The header's panels the setup screen can show or hide, in screen order.</summary>
    public static readonly IReadOnlyList<string> MeterNames = ["gauges", "diagnosis", "users", "cgroups", "sockets", "cpumemory"];

    /// <summary>Sort column by its title (<see cref="ColumnSpec"/>).</summary>
    public string? SortColumn { get; init; }

    public bool? SortDescending { get; init; }

    /// <summary>Visible columns in screen order, by title; the required ones are always present.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    public bool? ShowKernelThreads { get; init; }

    public bool? TreeView { get; init; }

    /// <summary>PIDs folded in the tree view (their children hidden), as htop's fold; absent ones are ignored.</summary>
    public IReadOnlyList<int>? TreeFolded { get; init; }

    /// <summary>Seconds between refreshes, 0.1 … 3600.</summary>
    public double? Interval { get; init; }

    /// <summary>One of <see cref="SchemeNames"/>.</summary>
    public string? ColorScheme { get; init; }

    /// <summary>The header panels shown (<see cref="MeterNames"/>); an empty list shows none.</summary>
    public IReadOnlyList<string>? Meters { get; init; }

    /// <summary>The refusal witness (F2 setup; <c>--no-witness</c> wins for one run): 1 on, 0 off.</summary>
    public bool? Witness { get; init; }

    /// <summary>
    /// Keys whose value in the file was unusable: the field is null (that key's default applies) and the next save
    /// removes the line, so the file is rewritten only with valid values.
    /// </summary>
    public IReadOnlyList<string> Invalid { get; init; } = [];

    /// <summary>
    /// Reads the known keys; a value it cannot use — even one word of a list — adds a warning and leaves that
    /// field null, so that key's default applies (a damaged <c>columns</c> line never shrinks the table).
    /// </summary>
    public static LimitTopSettings From(SettingsFile file, List<string> warnings)
    {
        int before = warnings.Count;
        var invalid = new List<string>();
        string? sort = file.Get(SortKeyKey);
        if (sort is not null)
        {
            sort = ColumnSpec.Find(sort)?.Title;
            if (sort is null)
            {
                warnings.Add($"{SortKeyKey}: unknown column '{file.Get(SortKeyKey)}'; the default sort is used");
                invalid.Add(SortKeyKey);
            }
        }

        var settings = new LimitTopSettings
        {
            SortColumn = sort,
            SortDescending = Choice(file, SortDirectionKey, "desc", "asc", warnings),
            Columns = ColumnsOf(file.Get(ColumnsKey), warnings),
            ShowKernelThreads = Choice(file, KernelThreadsKey, "1", "0", warnings),
            TreeView = Choice(file, TreeViewKey, "1", "0", warnings),
            TreeFolded = PidsOf(file.Get(TreeFoldedKey), warnings),
            Interval = IntervalOf(file.Get(IntervalKey), warnings),
            ColorScheme = SchemeOf(file.Get(ColorSchemeKey), warnings),
            Meters = MetersOf(file.Get(MetersKey), warnings),
            Witness = Choice(file, WitnessKey, "1", "0", warnings),
        };
        foreach (string w in warnings.Skip(before))
        {
            string key = w[..Math.Max(0, w.IndexOf(':', StringComparison.Ordinal))];
            if (key.Length > 0 && !invalid.Contains(key))
            {
                invalid.Add(key);
            }
        }

        return invalid.Count == 0 ? settings : settings with { Invalid = invalid };
    }

    /// <summary>Writes the fields that are set into <paramref name="file"/>; null fields leave their lines alone.</summary>
    public void WriteTo(SettingsFile file)
    {
        if (SortColumn is not null) file.Set(SortKeyKey, SortColumn);
        if (SortDescending is { } d) file.Set(SortDirectionKey, d ? "desc" : "asc");
        if (Columns is not null) file.Set(ColumnsKey, string.Join(' ', Columns));
        if (ShowKernelThreads is { } k) file.Set(KernelThreadsKey, k ? "1" : "0");
        if (TreeView is { } t) file.Set(TreeViewKey, t ? "1" : "0");
        if (TreeFolded is not null) file.Set(TreeFoldedKey, string.Join(' ', TreeFolded.Select(p => p.ToString(CultureInfo.InvariantCulture))));
        if (Interval is { } i) file.Set(IntervalKey, i.ToString("0.###", CultureInfo.InvariantCulture));
        if (ColorScheme is not null) file.Set(ColorSchemeKey, ColorScheme);
        if (Meters is not null) file.Set(MetersKey, string.Join(' ', Meters));
        if (Witness is { } wi) file.Set(WitnessKey, wi ? "1" : "0");
        foreach (string key in Invalid)
        {
            if (file.Get(key) is not null && !IsSet(key))
            {
                file.Set(key, null); // a value that was unusable is not written back
            }
        }
    }

    private bool IsSet(string key) => key switch
    {
        SortKeyKey => SortColumn is not null,
        SortDirectionKey => SortDescending is not null,
        ColumnsKey => Columns is not null,
        KernelThreadsKey => ShowKernelThreads is not null,
        TreeViewKey => TreeView is not null,
        TreeFoldedKey => TreeFolded is not null,
        IntervalKey => Interval is not null,
        ColorSchemeKey => ColorScheme is not null,
        MetersKey => Meters is not null,
        WitnessKey => Witness is not null,
        _ => false,
    };

    private static bool? Choice(SettingsFile file, string key, string yes, string no, List<string> warnings)
    {
        string? v = file.Get(key);
        if (v is null) return null;
        if (string.Equals(v, yes, StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(v, no, StringComparison.OrdinalIgnoreCase)) return false;
        warnings.Add($"{key}: '{v}' is neither {yes} nor {no}; the default is used");
        return null;
    }

    private static IReadOnlyList<string>? ColumnsOf(string? v, List<string> warnings)
    {
        if (v is null) return null;
        var list = new List<string>();
        foreach (var word in v.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ColumnSpec.Find(word) is { } c)
            {
                if (!list.Contains(c.Title)) list.Add(c.Title);
            }
            else
            {
                warnings.Add($"{ColumnsKey}: unknown column '{word}'; the default columns are used");
                return null;
            }
        }

        // The required columns cannot be hidden: one missing goes back before the first column it preceded.
        var order = ColumnSpec.DefaultOrder.ToList();
        foreach (var required in order.Where(ColumnSpec.RequiredTitles.Contains))
        {
            if (!list.Contains(required))
            {
                int after = list.FindIndex(c => order.IndexOf(c) > order.IndexOf(required));
                list.Insert(after < 0 ? list.Count : after, required);
            }
        }

        return list;
    }

    private static IReadOnlyList<string>? MetersOf(string? v, List<string> warnings)
    {
        if (v is null) return null;
        var list = new List<string>();
        foreach (var word in v.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()))
        {
            if (!MeterNames.Contains(word))
            {
                warnings.Add($"{MetersKey}: unknown panel '{word}'; the default panels are shown");
                return null;
            }
            else if (!list.Contains(word))
            {
                list.Add(word);
            }
        }

        return list;
    }

    private static IReadOnlyList<int>? PidsOf(string? v, List<string> warnings)
    {
        if (v is null) return null;
        var list = new List<int>();
        foreach (var word in v.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid <= 0)
            {
                warnings.Add($"{TreeFoldedKey}: '{word}' is not a PID; nothing is folded");
                return null;
            }

            list.Add(pid);
        }

        return list;
    }

    private static double? IntervalOf(string? v, List<string> warnings)
    {
        if (v is null) return null;
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s >= 0.1 && s <= 3600)
        {
            return s;
        }

        warnings.Add($"{IntervalKey}: '{v}' is not a number of seconds from 0.1 to 3600; the default is used");
        return null;
    }

    private static string? SchemeOf(string? v, List<string> warnings)
    {
        if (v is null) return null;
        if (SchemeNames.Contains(v.ToLowerInvariant())) return v.ToLowerInvariant();
        warnings.Add($"{ColorSchemeKey}: unknown scheme '{v}' ({string.Join(", ", SchemeNames)}); the default is used");
        return null;
    }
}
