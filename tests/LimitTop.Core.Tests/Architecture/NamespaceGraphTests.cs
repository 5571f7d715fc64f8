using System.Text.RegularExpressions;

namespace LimitTop.Core.Tests.Architecture;

/// <summary>
/// Core's rooms (namespaces) form a DAG — Native/Text at the bottom, Procfs and Model above them, then the readers,
/// the analysis, trends and why, and the pipeline on top — read from the sources' <c>using</c>s and qualified names.
/// </summary>
public sealed partial class NamespaceGraphTests
{
    private static string CoreDirectory()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "LimitTop.sln")))
            {
                return Path.Combine(d.FullName, "src", "LimitTop.Core");
            }
        }

        throw new InvalidOperationException("LimitTop.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>room → the rooms it uses, with one file that shows each edge.</summary>
    private static Dictionary<string, Dictionary<string, string>> Edges()
    {
        string core = CoreDirectory();
        var rooms = Directory.GetDirectories(core).Select(Path.GetFileName).Where(n => n is not ("obj" or "bin")).ToHashSet()!;
        var qualified = new Regex(@"(?<![\w.])(?:LimitTop\.Core\.)?(" + string.Join('|', rooms) + @")\.[A-Z]\w*");
        var edges = new Dictionary<string, Dictionary<string, string>>();
        foreach (string file in Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains("/obj/", StringComparison.Ordinal) || file.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }

            string text = DocComment().Replace(File.ReadAllText(file), "");
            if (Namespace().Match(text) is not { Success: true } ns)
            {
                continue;
            }

            string room = ns.Groups[1].Value;
            var uses = Using().Matches(text).Select(m => m.Groups[1].Value).Concat(qualified.Matches(text).Select(m => m.Groups[1].Value));
            foreach (string used in uses)
            {
                if (used != room && rooms.Contains(used))
                {
                    var to = edges.TryGetValue(room, out var t) ? t : edges[room] = [];
                    to.TryAdd(used, Path.GetRelativePath(core, file));
                }
            }
        }

        return edges;
    }

    [Fact]
    public void Cores_namespaces_form_a_dag()
    {
        var edges = Edges();
        var state = new Dictionary<string, int>(); // 1 on the path, 2 done
        var path = new List<string>();

        string? Cycle(string room)
        {
            state[room] = 1;
            path.Add(room);
            foreach (var (next, file) in edges.GetValueOrDefault(room) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return string.Join(" → ", path.SkipWhile(r => r != next).Append(next)) + $" (last edge in {file})";
                }

                if (state.GetValueOrDefault(next) == 0 && Cycle(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[room] = 2;
            return null;
        }

        foreach (string room in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(room) == 0 && Cycle(room) is { } cycle)
            {
                Assert.Fail("namespace cycle in Core: " + cycle);
            }
        }
    }

    [Fact]
    public void The_bottom_rooms_use_nothing_above_them_and_only_the_pipeline_composes_a_tick()
    {
        var edges = Edges();
        Assert.Empty(Rooms(edges, "Text"));
        Assert.DoesNotContain(Rooms(edges, "Native"), r => r is not "Text");
        Assert.DoesNotContain(Rooms(edges, "Model"), r => r is not ("Text" or "Native"));
        foreach (var (room, to) in edges)
        {
            if (room != "Pipeline")
            {
                Assert.False(to.ContainsKey("Pipeline"), $"{room} uses the pipeline ({to.GetValueOrDefault("Pipeline")}): only hosts compose ticks");
            }
        }
    }

    private static IEnumerable<string> Rooms(Dictionary<string, Dictionary<string, string>> edges, string room)
        => edges.TryGetValue(room, out var to) ? to.Keys : [];

    [GeneratedRegex(@"///.*")]
    private static partial Regex DocComment();

    [GeneratedRegex(@"namespace LimitTop\.Core\.(\w+)")]
    private static partial Regex Namespace();

    [GeneratedRegex(@"using (?:static )?LimitTop\.Core\.(\w+)")]
    private static partial Regex Using();
}
