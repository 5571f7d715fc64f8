using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using LimitTop.Core.Export;
using LimitTop.Core.Metrics;
using LimitTop.Core.Pipeline;
using LimitTop.Core.Sampling;
using LimitTop.Core.Why;

namespace LimitTop.Tests.Packaging;

/// <summary>
/// Issue 25, the README: its JSON and metrics reference moved to docs/. Every field of both JSON schemas and every
/// metric limittop serves must stay documented in a document the README links (docs/reference.md, the man page,
/// the docs of the witness, the namer and the recording), and the README must keep its two commands and the
/// sections the packaging files cite.
/// </summary>
public sealed partial class ReferenceDocsTests
{
    private static readonly string Repo = FixtureTree.RepoRoot();

    private static string Readme => File.ReadAllText(Path.Combine(Repo, "README.md"));

    [GeneratedRegex(@"\]\((docs/[^)#\s]+)")]
    private static partial Regex DocLink();

    /// <summary>The text of every document under docs/ that the README links to.</summary>
    private static string LinkedDocs()
    {
        var files = DocLink().Matches(Readme).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("docs/reference.md", files);
        return string.Join("\n", files.Select(f => File.ReadAllText(Path.Combine(Repo, f))));
    }

    /// <summary>The JSON names of a document record and of the records inside it, recursively.</summary>
    private static SortedSet<string> JsonNames(Type root)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<Type>();
        void Walk(Type t)
        {
            if (t.IsGenericType)
            {
                foreach (var a in t.GetGenericArguments())
                {
                    Walk(a);
                }
            }

            if (t.IsArray)
            {
                Walk(t.GetElementType()!);
            }

            if (t.Namespace is not { } ns || !ns.StartsWith("LimitTop.Core", StringComparison.Ordinal) || t.IsEnum || !seen.Add(t))
            {
                return;
            }

            foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is not null)
                {
                    continue;
                }

                names.Add(p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name));
                Walk(p.PropertyType);
            }
        }

        Walk(root);
        return names;
    }

    [Theory]
    [InlineData(typeof(SnapshotDocument))]
    [InlineData(typeof(WhyDocument))]
    public void Every_json_field_is_documented_where_the_readme_points(Type document)
    {
        string docs = LinkedDocs();
        var names = JsonNames(document);
        Assert.True(names.Count > 20, string.Join(", ", names));
        var missing = names.Where(n => !docs.Contains("`" + n + "`", StringComparison.Ordinal) && !docs.Contains("`" + n + "[]`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"{document.Name} fields in no document the README links: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_served_metric_is_documented_where_the_readme_points()
    {
        using var fx = FixtureTree.Open("proc-basic");
        using var collector = new Collector(new LiveSource(new Sampler(fx.Root)));
        var snapshot = collector.Tick()?.Snapshot;
        Assert.NotNull(snapshot);
        string body = new MetricsFormatter().Render(snapshot, new ExporterCounters(0, 0.01));
        var families = Regex.Matches(body, @"^# HELP (\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(families.Count >= 20, body);
        string docs = LinkedDocs();
        var missing = families.Where(f => !docs.Contains("`" + f + "`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "metrics in no document the README links: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_readme_keeps_its_two_commands_and_the_sections_others_cite()
    {
        string readme = Readme;
        // .ci/run runs the second one; both must stay the first thing a reader sees
        Assert.Contains("dotnet publish -c Release src/LimitTop/LimitTop.csproj -o out && ./out/limittop", readme[..800], StringComparison.Ordinal);
        Assert.Contains("tests/install-prereqs.sh && dotnet test LimitTop.sln", readme[..800], StringComparison.Ordinal);
        Assert.Contains("dotnet test LimitTop.sln", File.ReadAllText(Path.Combine(Repo, ".ci", "run")), StringComparison.Ordinal);
        foreach (string heading in new[]
        {
            "## Install", "## Keys", "## Headless, Prometheus and the flight recorder", "## The last shell: `exec limittop`",
            "## Reliability", "## Cost", "## Refused forks, witnessed", "## Containers and pods by name", "## Recording and replay",
            "## Development",
        })
        {
            Assert.Contains("\n" + heading + "\n", readme, StringComparison.Ordinal);
        }

        Assert.Contains("needs the .NET 10 SDK", readme, StringComparison.Ordinal);
        Assert.Contains("no .NET at all", readme, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(readme, @"^\| program \| box \|", RegexOptions.Multiline)); // one cost table
    }
}
