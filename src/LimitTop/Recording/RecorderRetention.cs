using System.Globalization;
using System.Text;
using LimitTop.Core.Native;
using LimitTop.Core.Platform;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Recording;

/// <summary>
/// Keeps the recorder's directory within its bounds (<c>--record-keep</c> dumps, <c>--record-max-bytes</c>):
/// dumps are JSON + text pairs named <c>limittop-TIME[-N]</c>; the oldest go first, never the one just written,
/// and the protected ones (first dumps of incidents, <see cref="RecorderBudget"/>) only when the others are
/// gone. Everything goes through the directory's fd (SafeDirectory): listing, fstatat without following, unlinkat —
/// a directory swapped for a link after the dump cannot make it delete files elsewhere.
/// </summary>
internal static unsafe class RecorderRetention
{
    private sealed record Dump(string Stem, (string Time, int N) Order, long Bytes, List<string> Files);

    /// <summary>Removes dumps until within bounds; null, or what failed.</summary>
    public static string? Prune(string dir, int keep, long maxBytes, string? newest, IReadOnlyCollection<string> protectedStems)
    {
        using var d = SafeDirectory.Open(dir, out string? error, out _);
        if (d is null)
        {
            return error;
        }

        var names = new List<string>();
        var entries = new DirectoryEntries();
        if (!entries.ForEach(d.Fd, (name, _) =>
        {
            if (name.StartsWith("limittop-"u8) && (name.EndsWith(".json"u8) || name.EndsWith(".txt"u8)))
            {
                names.Add(Encoding.UTF8.GetString(name));
            }
        }, out int err))
        {
            return $"cannot list {dir}: {Core.Native.Errno.Describe(err)}";
        }

        var dumps = new Dictionary<string, Dump>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            string stem = name[..name.LastIndexOf('.')];
            long size = SizeOf(d.Fd, name);
            if (!dumps.TryGetValue(stem, out var dump))
            {
                dumps[stem] = dump = new Dump(stem, OrderOf(stem), 0, []);
            }

            dumps[stem] = dump with { Bytes = dump.Bytes + size };
            dump.Files.Add(name);
        }

        var protect = new HashSet<string>(protectedStems, StringComparer.Ordinal);
        var oldestFirst = dumps.Values.OrderBy(x => x.Order.Time, StringComparer.Ordinal).ThenBy(x => x.Order.N).ToList();
        long bytes = oldestFirst.Sum(x => x.Bytes);
        int count = oldestFirst.Count;

        // The unprotected go first, oldest first; then, only if still over, the protected ones, oldest first.
        foreach (var candidates in new[] { oldestFirst.Where(x => !protect.Contains(x.Stem)), oldestFirst.Where(x => protect.Contains(x.Stem)) })
        {
            foreach (var dump in candidates.ToList())
            {
                if (count <= keep && bytes <= maxBytes)
                {
                    return null;
                }

                if (dump.Stem == newest)
                {
                    continue;
                }

                foreach (string file in dump.Files)
                {
                    Unlink(d.Fd, file);
                }

                count--;
                bytes -= dump.Bytes;
            }
        }

        return null;
    }

    /// <summary>limittop-2026-11-26T15-52-02Z-3 → ("2026-11-26T15-52-02Z", 3): time order, then the same-second suffix.</summary>
    private static (string Time, int N) OrderOf(string stem)
    {
        string rest = stem["limittop-".Length..];
        int z = rest.IndexOf('Z', StringComparison.Ordinal);
        if (z < 0)
        {
            return (rest, 1);
        }

        string time = rest[..(z + 1)];
        return rest.Length > z + 2 && int.TryParse(rest.AsSpan(z + 2), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? (time, n) : (time, 1);
    }

    private static long SizeOf(int dirFd, string name)
    {
        byte[] p = Encoding.UTF8.GetBytes(name + "\0");
        stat st;
        fixed (byte* pp = p)
        {
            return fstatat(dirFd, pp, &st, AT_SYMLINK_NOFOLLOW) == 0 ? st.st_size : 0;
        }
    }

    private static void Unlink(int dirFd, string name)
    {
        byte[] p = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* pp = p)
        {
            _ = unlinkat(dirFd, pp, 0);
        }
    }
}
