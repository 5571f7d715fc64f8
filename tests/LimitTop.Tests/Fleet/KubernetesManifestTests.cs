using System.Text.Json;
using System.Text.Json.Nodes;
using LimitTop.Tests.Survival;

namespace LimitTop.Tests.Fleet;

/// <summary>
/// packaging/kubernetes validated offline (no cluster here, and kubectl --dry-run=client still asks a server for
/// discovery): tests/manifest-validator builds every document as its kubernetes-models class — Kubernetes'
/// OpenAPI schema, the prometheus-operator CRD schemas — and type-checks it with TypeScript, whose excess-property
/// check rejects unknown fields. Then what the design rests on, by path; the PrometheusRule against
/// packaging/limittop.rules.yml; and promtool on the PrometheusRule's groups.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string[] Manifests = ["namespace.yaml", "daemonset.yaml", "service.yaml", "servicemonitor.yaml", "podmonitor.yaml", "prometheusrule.yaml"];

    private static string Kube(string file) => Path.Combine(AotBuild.RepoRoot(), "packaging", "kubernetes", file);

    private static string Validator
    {
        get
        {
            string dir = Path.Combine(AotBuild.RepoRoot(), "tests", "manifest-validator");
            Assert.True(Directory.Exists(Path.Combine(dir, "node_modules", "kubernetes-models")),
                "tests/manifest-validator/node_modules is missing: run tests/install-prereqs.sh (npm ci there)");
            return Path.Combine(dir, "validate.mjs");
        }
    }

    /// <summary>The documents of a YAML file as JSON (validate.mjs --json, by the npm yaml package: C# has no YAML reader here).</summary>
    internal static JsonArray Documents(string yamlFile)
    {
        var r = Sh.Run("node", [Validator, "--json", yamlFile]);
        Sh.Check(r, "validate.mjs --json " + yamlFile);
        return JsonNode.Parse(r.Stdout)!.AsArray();
    }

    [Fact]
    public void Every_manifest_passes_the_schemas_and_has_no_unknown_field()
    {
        var r = Sh.Run("node", [Validator, .. Manifests.Select(Kube)], TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        foreach (var (file, kind) in new[] { ("namespace.yaml", "Namespace"), ("daemonset.yaml", "DaemonSet"), ("service.yaml", "Service"),
            ("servicemonitor.yaml", "ServiceMonitor"), ("podmonitor.yaml", "PodMonitor"), ("prometheusrule.yaml", "PrometheusRule") })
        {
            Assert.Contains($"ok {Kube(file)} {kind}/limittop\n", r.Stdout, StringComparison.Ordinal);
        }
    }

    /// <summary>The validator is not a rubber stamp: a typo'd field, a wrong type and a bad duration are each refused.</summary>
    [Fact]
    public void The_validator_refuses_an_unknown_field_a_wrong_type_and_a_bad_duration()
    {
        string dir = Directory.CreateTempSubdirectory("limittop-fleet-k8s-").FullName;
        try
        {
            var broken = new (string File, string From, string To, string Says)[]
            {
                ("daemonset.yaml", "hostPID: true", "hostPid: true", "'\"hostPid\"' does not exist in type 'IPodSpec'"),
                ("daemonset.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true", "does not exist in type 'ISecurityContext'"),
                ("service.yaml", "clusterIP: None", "clusterIP: 5", "spec/clusterIP must be string"),
                ("servicemonitor.yaml", "interval: 15s", "intervall: 15s", "'\"intervall\"' does not exist"),
                ("prometheusrule.yaml", "for: 1m", "for: soon", "/for must match pattern"),
            };
            // One run over all the broken copies: each document's error is said with its file.
            var copies = new List<string>();
            foreach (var (file, from, to, _) in broken)
            {
                string text = File.ReadAllText(Kube(file));
                Assert.Contains(from, text, StringComparison.Ordinal);
                string copy = Path.Combine(dir, copies.Count + "-" + file);
                File.WriteAllText(copy, text.Replace(from, to, StringComparison.Ordinal));
                copies.Add(copy);
            }

            var r = Sh.Run("node", [Validator, .. copies], TimeSpan.FromMinutes(2));
            Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.Stdout}{r.Stderr}");
            var lines = r.Stdout.Split('\n');
            for (int i = 0; i < broken.Length; i++)
            {
                Assert.Contains(lines, l => l.StartsWith("error " + copies[i] + " ", StringComparison.Ordinal) && l.Contains(broken[i].Says, StringComparison.Ordinal));
            }

            Assert.DoesNotContain("ok ", r.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_daemonset_reads_the_host_read_only_with_two_capabilities()
    {
        var ds = Documents(Kube("daemonset.yaml")).Single()!;
        var pod = ds["spec"]!["template"]!["spec"]!;
        Assert.True(pod["hostPID"]!.GetValue<bool>());
        Assert.True(pod["hostNetwork"]!.GetValue<bool>());
        Assert.Equal("Exists", pod["tolerations"]!.AsArray().Single()!["operator"]!.GetValue<string>());
        Assert.Null(pod["tolerations"]![0]!["key"]);
        var c = pod["containers"]!.AsArray().Single()!;

        // The command line is the image's default command (packaging/container/Containerfile's CMD).
        string cmd = File.ReadLines(Path.Combine(AotBuild.RepoRoot(), "packaging", "container", "Containerfile")).Single(l => l.StartsWith("CMD ", StringComparison.Ordinal));
        Assert.Equal(JsonSerializer.Deserialize<string[]>(cmd[4..]), c["args"]!.AsArray().Select(a => a!.GetValue<string>()));

        // /proc, /sys and /etc of the node, read-only, where --proc, --sys and --etc point.
        var volumes = pod["volumes"]!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!["hostPath"]!["path"]!.GetValue<string>());
        var mounts = c["volumeMounts"]!.AsArray().ToDictionary(m => m!["mountPath"]!.GetValue<string>(), m => m!);
        foreach (string host in new[] { "/proc", "/sys", "/etc" })
        {
            var m = mounts["/host" + host];
            Assert.Equal(host, volumes[m["name"]!.GetValue<string>()]);
            Assert.True(m["readOnly"]!.GetValue<bool>(), host + " is mounted read-only");
        }

        var sc = c["securityContext"]!;
        Assert.Equal(new[] { "ALL" }, sc["capabilities"]!["drop"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(new[] { "SYS_PTRACE", "DAC_READ_SEARCH" }, sc["capabilities"]!["add"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.True(sc["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.False(sc["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.False(sc["privileged"]!.GetValue<bool>());

        // Readiness on /metrics at the metrics port, 9105; resources with cpu and memory both ways.
        var port = c["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "metrics")!;
        Assert.Equal(9105, port["containerPort"]!.GetValue<int>());
        Assert.Equal("/metrics", c["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal("metrics", c["readinessProbe"]!["httpGet"]!["port"]!.GetValue<string>());
        foreach (string side in new[] { "requests", "limits" })
        {
            Assert.NotNull(c["resources"]![side]!["cpu"]);
            Assert.NotNull(c["resources"]![side]!["memory"]);
        }

        // The Service and the monitors select these pods by the port's name.
        var labels = pod.Parent!["metadata"]!["labels"]!.AsObject();
        var svc = Documents(Kube("service.yaml")).Single()!;
        Assert.All(svc["spec"]!["selector"]!.AsObject(), kv => Assert.Equal(kv.Value!.GetValue<string>(), labels[kv.Key]!.GetValue<string>()));
        Assert.Equal("metrics", Documents(Kube("servicemonitor.yaml")).Single()!["spec"]!["endpoints"]![0]!["port"]!.GetValue<string>());
        Assert.Equal("metrics", Documents(Kube("podmonitor.yaml")).Single()!["spec"]!["podMetricsEndpoints"]![0]!["port"]!.GetValue<string>());

        // kustomization.yaml lists files that exist.
        var kustomization = Documents(Kube("kustomization.yaml")).Single()!;
        Assert.All(kustomization["resources"]!.AsArray(), f => Assert.True(File.Exists(Kube(f!.GetValue<string>())), f!.GetValue<string>()));
    }

    /// <summary>The PrometheusRule carries packaging/limittop.rules.yml's groups exactly, and promtool's unit tests pass on them.</summary>
    [Fact]
    public void The_prometheus_rule_carries_the_shipped_rules_and_promtool_tests_them()
    {
        var rule = Documents(Kube("prometheusrule.yaml")).Single()!;
        var shipped = Documents(PackagingTests.Packaging("limittop.rules.yml")).Single()!;
        Assert.Equal(shipped["groups"]!.ToJsonString(), rule["spec"]!["groups"]!.ToJsonString());

        string dir = Directory.CreateTempSubdirectory("limittop-fleet-prule-").FullName;
        try
        {
            // JSON is YAML: spec.groups as a rules file of its own.
            string rules = Path.Combine(dir, "prometheusrule.rules.yml");
            File.WriteAllText(rules, new JsonObject { ["groups"] = rule["spec"]!["groups"]!.DeepClone() }.ToJsonString());
            var check = Sh.Run("promtool", ["check", "rules", rules]);
            Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
            var alerts = rule["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!["alert"]!.GetValue<string>()).ToList();
            Assert.Contains($"SUCCESS: {alerts.Count} rules found", check.Stdout, StringComparison.Ordinal);

            // Every alert has a promtool unit test, and they pass.
            string tests = PackagingTests.RuleTests(rules);
            Assert.All(alerts, a => Assert.Contains("alertname: " + a + "\n", tests, StringComparison.Ordinal));
            var r = PackagingTests.RunRuleTests(rules);
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>prometheusrule.yaml is what make-prometheusrule.sh makes of the rules file today.</summary>
    [Fact]
    public void The_prometheus_rule_is_regenerated_from_the_rules_file()
    {
        var r = Sh.Run(Kube("make-prometheusrule.sh"), []);
        Sh.Check(r, "make-prometheusrule.sh");
        Assert.Equal(File.ReadAllText(Kube("prometheusrule.yaml")), r.Stdout);
    }
}
