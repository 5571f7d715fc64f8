using System.Text.Json;
using LimitTop.Core.Export;
using LimitTop.Core.Metrics;
using LimitTop.Core.Model;
using LimitTop.Core.Naming;
using LimitTop.Core.Pipeline;
using static LimitTop.Core.Tests.Naming.NamerFixture;

namespace LimitTop.Core.Tests.Naming;

/// <summary>
/// The documented layouts (docs/container-names.md), v1 and v2 paths, carried to every output through the naming stage:
/// the JSON's <c>container</c> on cgroups and processes, the /metrics labels beside <c>cgroup</c>, the --once text
/// and the diagnosis; hostile names and files escaped or falling back, never an exception.
/// </summary>
public sealed class NamedOutputTests
{
    private static readonly string PodSlice = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0a1b2c3d_1111_2222_3333_444455556666.slice";
    private static readonly string CrioSlice = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod9f8e7d6c_aaaa_bbbb_cccc_ddddeeeeffff.slice";

    public static TheoryData<string, int, string, string, string?, string?, string> Containers() => new()
    {
        // path, version, runtime, name, pod, namespace, display
        { "/docker/" + D1, 1, "docker", "web-1", null, null, "web-1 (docker)" },
        { "/system.slice/docker-" + D1 + ".scope", 2, "docker", "web-1", null, null, "web-1 (docker)" },
        { "/libpod_parent/libpod-" + P1, 1, "podman", "ltc1", null, null, "ltc1 (podman)" },
        { "/machine.slice/libpod-" + P1 + ".scope", 2, "podman", "ltc1", null, null, "ltc1 (podman)" },
        { "/kubepods/burstable/pod" + Pod + "/" + C1, 1, "containerd", "web", "web-7f9c", "default", "default/web-7f9c · web (containerd)" },
        { PodSlice + "/cri-containerd-" + C1 + ".scope", 2, "containerd", "web", "web-7f9c", "default", "default/web-7f9c · web (containerd)" },
        { "/kubepods/besteffort/pod" + CrioPod + "/crio-" + R1, 1, "cri-o", "db", "db-0", "prod", "prod/db-0 · db (cri-o)" },
        { CrioSlice + "/crio-" + R1 + ".scope", 2, "cri-o", "db", "db-0", "prod", "prod/db-0 · db (cri-o)" },
    };

    /// <summary>One process in a cgroup at its limit (31 of 32), through a collector with the naming stage over <paramref name="tree"/>.</summary>
    private static Snapshot Collect(string tree, string path, int version)
    {
        var p = Snapshots.Member(4242, 0, "sh", "sh -c loop", path, version, threads: 31);
        var cgroup = new CgroupUsage { Path = path, Version = version, PidsCurrent = 31, PidsMax = 32, EffectiveHeadroom = 1, ForkRejections = 3 };
        var collector = new Collector();
        collector.Add(new NamingStage(Root(tree), StateRoots.Under(tree)));
        return collector.Accept(Snapshots.Make([p], cgroups: [cgroup]) with { Diagnosis = [] }).Snapshot;
    }

    private static JsonElement Json(Snapshot s, string list) => JsonDocument.Parse(JsonExport.Serialize(s)).RootElement.GetProperty(list)[0];

    private static string Metrics(Snapshot s) => new MetricsFormatter().Render(s, new ExporterCounters(0, 0));

    private static string? Str(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    [Theory]
    [MemberData(nameof(Containers))]
    public void Each_layout_reaches_json_metrics_text_and_the_diagnosis(string path, int version, string runtime, string name, string? pod, string? ns, string display)
    {
        var s = Collect(Committed, path, version);
        foreach (var c in new[] { Json(s, "cgroups").GetProperty("container"), Json(s, "processes").GetProperty("container") })
        {
            Assert.Equal((runtime, name, pod, ns, display), (Str(c, "runtime"), Str(c, "name"), Str(c, "pod"), Str(c, "namespace"), Str(c, "display")));
            Assert.Equal(64, Str(c, "id")!.Length);
        }

        Assert.Equal(display, Json(s, "cgroups").GetProperty("name").GetString());
        string labels = $"cgroup=\"{path}\",container=\"{name}\"" + (pod is null ? "" : $",pod=\"{pod}\",namespace=\"{ns}\"");
        string metrics = Metrics(s);
        Assert.Contains("limittop_cgroup_pids_current{" + labels + "} 31\n", metrics, StringComparison.Ordinal);
        Assert.Contains("limittop_cgroup_pids_rejected_total{" + labels + "} 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains(display + " · " + path, TextExport.Render(s), StringComparison.Ordinal);
        Assert.Contains("container " + display + ": 31 of 32 tasks", s.Diagnosis.Single(f => f.Limit.Name() == "pids.max").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_cgroup_has_no_container_and_no_container_label()
    {
        var s = Collect(Committed, "/system.slice/nginx.service", 1);
        Assert.Equal(JsonValueKind.Null, Json(s, "cgroups").GetProperty("container").ValueKind);
        Assert.Equal(JsonValueKind.Null, Json(s, "processes").GetProperty("container").ValueKind);
        Assert.Equal("nginx.service", Json(s, "cgroups").GetProperty("name").GetString());
        Assert.Contains("limittop_cgroup_pids_current{cgroup=\"/system.slice/nginx.service\"} 31\n", Metrics(s), StringComparison.Ordinal);
        Assert.StartsWith("nginx.service: 31 of 32 tasks", s.Diagnosis.Single(f => f.Limit.Name() == "pids.max").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_name_is_escaped_in_every_output()
    {
        using var t = FixtureTree.Copy("containers");
        File.WriteAllText(t.File("var/lib/containers/storage/overlay-containers/containers.json"),
            $"[{{\"id\":\"{P1}\",\"names\":[\"ev\\u001b[2Jil\\u202e\\\"}} 1\\nfake 2\"]}}]");
        var s = Collect(t.Dir, "/libpod_parent/libpod-" + P1, 1);
        string escaped = "ev\\e[2Jil\\u202e\"} 1\\nfake 2";
        Assert.Equal(escaped, s.Names["/libpod_parent/libpod-" + P1].Name);
        string metrics = Metrics(s), text = TextExport.Render(s), json = JsonExport.Serialize(s);
        foreach (string output in new[] { metrics, text, json, s.Diagnosis[0].Message })
        {
            Assert.DoesNotContain(output, c => c is '\u001b' or '\u202e');
        }

        // the exposition format escapes \ " and newline inside a label: one sample line, no made-up series
        Assert.Contains("container=\"ev\\\\e[2Jil\\\\u202e\\\"} 1\\\\nfake 2\"} 31\n", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("\nfake 2", metrics, StringComparison.Ordinal);
        Assert.Contains(escaped + " (podman) · /libpod_parent", text, StringComparison.Ordinal);
        Assert.Equal(escaped, Json(s, "cgroups").GetProperty("container").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("big")]
    [InlineData("malformed")]
    [InlineData("missing")]
    public void A_file_that_gives_no_name_falls_back_to_runtime_and_short_id_in_every_output(string how)
    {
        using var t = FixtureTree.Copy("containers");
        string config = t.File($"var/lib/docker/containers/{D1}/config.v2.json");
        switch (how)
        {
            case "big":
                using (var fs = new FileStream(config, FileMode.Create))
                {
                    fs.SetLength(50L << 20); // 50 MB, sparse
                }

                break;
            case "malformed": File.WriteAllText(config, "{\"Name\":/web-1"); break;
            default: Directory.Delete(t.File("var/lib/docker"), recursive: true); break;
        }

        var s = Collect(t.Dir, "/docker/" + D1, 1);
        var c = Json(s, "cgroups").GetProperty("container");
        Assert.Equal(("docker", (string?)null, "d1d1d1d1d1d1 (docker)"), (Str(c, "runtime"), Str(c, "name"), Str(c, "display")));
        Assert.Contains($"limittop_cgroup_pids_current{{cgroup=\"/docker/{D1}\",container=\"d1d1d1d1d1d1\"}} 31\n", Metrics(s), StringComparison.Ordinal);
        Assert.Contains("container d1d1d1d1d1d1 (docker): 31 of 32", s.Diagnosis.Single(f => f.Limit.Name() == "pids.max").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_state_root_names_by_the_path_alone()
    {
        string nowhere = Path.Combine(Path.GetTempPath(), "lt_w27_no_such_root");
        var collector = new Collector();
        collector.Add(new NamingStage(Root(Committed), new StateRoots(nowhere, nowhere)));
        var p = Snapshots.Member(4242, 0, "sh", "sh", "/lt_w27/plain", 1);
        var s = collector.Accept(Snapshots.Make([p], cgroups: [new CgroupUsage { Path = "/lt_w27/plain", Version = 1, PidsCurrent = 1, PidsMax = 4 }]) with { Diagnosis = [] }).Snapshot;
        Assert.Equal(CgroupKind.None, s.Names["/lt_w27/plain"].Kind);
        Assert.StartsWith("cgroup /lt_w27/plain: 1 of 4 tasks", s.Diagnosis.Single(f => f.Limit.Name() == "pids.max").Message, StringComparison.Ordinal);
        Assert.Null(s.KubeNode);
    }
}
