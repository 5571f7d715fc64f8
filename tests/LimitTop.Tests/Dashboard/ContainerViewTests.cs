using LimitTop.Core.Model;
using LimitTop.Dashboard;
using LimitTop.Tests.Survival;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

/// <summary>
/// The names on the screen without a runtime (issue 27): the pids cgroups panel by name and, with p, by path; the
/// Kubernetes node row; c filters by container; the CONTAINER column by itself; the kill dialog's whole container;
/// and the node row of --once on the fixture tree through --var-lib/--run.
/// </summary>
public sealed class ContainerViewTests
{
    private const string Ltc1 = "/libpod_parent/libpod-4d6e4fb6fb70efb254a0fa0db2ce95b1260fbfe04c33c9ca2b049591889d3457";
    private const string Web = "/system.slice/docker-d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1.scope";

    private static readonly Dictionary<string, CgroupName> Names = new(StringComparer.Ordinal)
    {
        [Ltc1] = new() { Path = Ltc1, Kind = CgroupKind.Podman, Runtime = "podman", Id = Ltc1[^64..], Name = "ltc1", Display = "ltc1 (podman)" },
        [Web] = new() { Path = Web, Kind = CgroupKind.Docker, Runtime = "docker", Id = Web[^70..^6], Name = "web-1", Display = "web-1 (docker)" },
        ["/system.slice/nginx.service"] = new() { Path = "/system.slice/nginx.service", Kind = CgroupKind.SystemdService, Display = "nginx.service" },
    };

    private static Snapshot Box(KubeNodeUsage? kube = null)
    {
        var processes = new List<ProcessSample>();
        processes.AddRange(Enumerable.Range(0, 31).Select(i => Member(100 + i, 0, "sleep", "sleep 600", Ltc1, 1)));
        processes.Add(Member(200, 0, "nginx", "nginx", Web, 1));
        processes.Add(Member(300, 0, "nginx", "nginx: master", "/system.slice/nginx.service", 1));
        var cgroups = new List<CgroupUsage>
        {
            new() { Path = Ltc1, Version = 1, PidsCurrent = 31, PidsMax = 32 },
            new() { Path = Web, Version = 1, PidsCurrent = 1, PidsMax = 64 },
            new() { Path = "/system.slice/nginx.service", Version = 1, PidsCurrent = 1, PidsMax = 4915 },
        };
        return Make(processes, cgroups: cgroups) with { Names = Names, KubeNode = kube };
    }

    private static string Panel(Snapshot s, bool paths) => string.Join("\n", CgroupsPanel.Draw(CgroupsPanelModel.Of(s), 120, 8, null, ascii: true, showPaths: paths).Select(l => l.Text));

    [Fact]
    public void The_panel_leads_with_names_and_p_shows_the_paths()
    {
        string named = Panel(Box(), paths: false);
        Assert.Contains(" ltc1 (podman) ", named, StringComparison.Ordinal);
        Assert.Contains(" web-1 (docker) ", named, StringComparison.Ordinal);
        Assert.Contains(" nginx.service ", named, StringComparison.Ordinal);
        Assert.Contains("p: paths", named, StringComparison.Ordinal);
        Assert.DoesNotContain("libpod-4d6e", named, StringComparison.Ordinal);

        string paths = Panel(Box(), paths: true);
        Assert.Contains(Ltc1[^20..] + " ", paths, StringComparison.Ordinal); // clipped from the left: the id's end stays
        Assert.Contains("paths (p: names)", paths, StringComparison.Ordinal);
        Assert.DoesNotContain("ltc1 (podman)", paths, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kubernetes_node_row_is_the_panels_second_line_when_a_kubelet_config_is_present()
    {
        var kube = new KubeNodeUsage(32_768, 30_000, null, 120, 400, 3_276, 1024, "/var/lib/kubelet/config.yaml",
            "pods 120 tasks of 30,000 allocatable; node 400 of 32,768");
        var lines = CgroupsPanel.Draw(CgroupsPanelModel.Of(Box(kube)), 120, 8, null, ascii: true).Select(l => l.Text).ToList();
        Assert.StartsWith(" kubernetes node pods 120 tasks of 30,000 allocatable; node 400 of 32,768", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(CgroupsPanel.Draw(CgroupsPanelModel.Of(Box()), 120, 8, null, ascii: true), l => l.Text.Contains("kubernetes node", StringComparison.Ordinal));
    }

    [Fact]
    public void C_picks_a_container_to_filter_by_and_esc_clears_it()
    {
        var state = new DashboardState(TimeSpan.FromSeconds(1));
        var store = new SnapshotStore(new LimitTop.Core.Trends.TrendTracker(), new LimitTop.Core.Sampling.SnapshotHistory());
        var view = new TableViewport();
        var input = new InputHandler(state, store, view, () => new ActionContext(store.Shown, view.Selected, null!));
        input.OnSnapshot(Box(), []);
        input.HandleKey(UiKey.Of('c'));
        Assert.Equal(Mode.Picker, state.Mode);
        Assert.Equal(["(all processes)", "ltc1 (podman) (31 processes)", "web-1 (docker) (1 process)"], state.Picker!.Items);
        input.HandleKey(UiKey.Of(SpecialKey.Down));
        input.HandleKey(UiKey.Of(SpecialKey.Down));
        input.HandleKey(UiKey.Of(SpecialKey.Enter));
        Assert.Equal("web-1 (docker)", state.Options.ContainerFilter);
        Assert.Equal([200], view.Table.Rows.Select(p => p.Pid));
        input.HandleKey(UiKey.Of(SpecialKey.Esc));
        Assert.Null(state.Options.ContainerFilter);
        Assert.Equal(33, view.Table.Count);
    }

    [Fact]
    public void The_container_column_shows_by_itself_until_the_columns_are_chosen()
    {
        var o = new ViewOptions();
        Assert.DoesNotContain(ProcessColumn.Container, o.Columns); // not in the saved defaults
        var shown = ContainerColumn.Visible(o, anyContainer: true);
        Assert.Equal(ProcessColumn.Container, shown[shown.ToList().IndexOf(ProcessColumn.Cgroup) + 1]);
        var noCgroup = ContainerColumn.Visible(o with { Columns = [ProcessColumn.Pid, ProcessColumn.Threads, ProcessColumn.Command] }, anyContainer: true);
        Assert.Equal([ProcessColumn.Pid, ProcessColumn.Threads, ProcessColumn.Container, ProcessColumn.Command], noCgroup);
        Assert.DoesNotContain(ProcessColumn.Container, ContainerColumn.Visible(o, anyContainer: false));
        Assert.DoesNotContain(ProcessColumn.Container, ContainerColumn.Visible(o with { AutoContainerColumn = false }, anyContainer: true));
        Assert.False(SettingsMapping.Apply(o, new LimitTop.Core.Settings.LimitTopSettings { Columns = ["PID", "THR", "COMMAND"] }).AutoContainerColumn);
        Assert.True(SettingsMapping.Apply(o, new LimitTop.Core.Settings.LimitTopSettings { Columns = [.. ColumnSpec.DefaultOrder] }).AutoContainerColumn);

        var s = Box();
        var context = new ColumnContext(s.Grades, null, s);
        Assert.Equal("ltc1 (podman)", ColumnSpec.Of(ProcessColumn.Container).Cell(s.Processes[0], context));
        Assert.Equal("-", ColumnSpec.Of(ProcessColumn.Container).Cell(s.Processes[^1], context)); // nginx.service is the host's
        Assert.True(PanelModels.Of(s).AnyContainer);
    }

    [Fact]
    public void The_kill_dialog_offers_the_whole_container_by_name()
    {
        var target = LimitTop.Core.Actions.KillTargets.Cgroup(Box(), 100, selfPid: 1)!;
        Assert.Equal("the whole container ltc1 (podman): 31 processes", KillDialog.ChoiceLabel(target));
        Assert.StartsWith("31 processes in container ltc1 (podman) (pids cgroup /libpod_parent/libpod-", target.Description, StringComparison.Ordinal);
        var host = LimitTop.Core.Actions.KillTargets.Cgroup(Box(), 300, selfPid: 1)!;
        Assert.Equal("the whole nginx.service: 1 process", KillDialog.ChoiceLabel(host));
    }

    [Fact]
    public void The_event_log_the_flash_and_the_diagnosis_line_name_the_container()
    {
        var log = new LimitTop.Core.Trends.EventLog();
        var e = new TrendEvent(Now, TrendEvent.ForkRejected, Scope.Cgroup(Ltc1), LimitKind.PidsMax, 3, 100, "sleep");
        log.Add(e);
        string panel = string.Join("\n", EventsPanel.Draw(log, 160, 6, 0, Names).Select(l => l.Text));
        Assert.Contains(" container ltc1 (podman) ", panel, StringComparison.Ordinal);
        Assert.Equal("! forks refused in ltc1 (podman) (3)", EventsPanel.Flash(e, Now, Names));
        Assert.Contains("libpod-4d6e", EventsPanel.Flash(e, Now), StringComparison.Ordinal); // no names: the path
        var findings = new[]
        {
            new Finding { Scope = Scope.Cgroup(Ltc1), Limit = LimitKind.PidsMax, Used = 32, Max = 32, Percent = 100, Severity = Severity.Critical, Message = "m" },
            new Finding { Scope = Scope.User("bob"), Limit = LimitKind.Nproc, Used = 10, Max = 10, Percent = 100, Severity = Severity.Critical, Message = "m" },
        };
        Assert.StartsWith("2 limits exhausted: container ltc1 (podman) pids.max, user bob nproc", DiagnosisLine.Exhausted(findings, Names), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Once_shows_the_kubernetes_node_row_of_the_fixture_kubelet_through_var_lib()
    {
        string tree = FixtureTree.PathOf("containers");
        string dll = Path.Combine(AppContext.BaseDirectory, "limittop.dll");
        var json = Sh.Run("dotnet", [dll, "--once", "--json", "--var-lib", Path.Combine(tree, "var", "lib"), "--run", Path.Combine(tree, "run")]);
        Sh.Check(json, "limittop --once --json --var-lib");
        var kube = System.Text.Json.JsonDocument.Parse(json.Stdout).RootElement.GetProperty("kubeNode");
        Assert.Equal(1024, kube.GetProperty("podPidsLimit").GetInt64());
        Assert.Equal(Path.Combine(tree, "var", "lib", "kubelet", "config.yaml"), kube.GetProperty("configFile").GetString());
        // the live node: capacity is min(pid_max, threads-max) of this kernel (the kubelet's rule)
        long pidMax = long.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        long threadsMax = long.Parse(File.ReadAllText("/proc/sys/kernel/threads-max").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Math.Min(pidMax, threadsMax), kube.GetProperty("capacity").GetInt64());

        var text = Sh.Run("dotnet", [dll, "--once", "--var-lib", Path.Combine(tree, "var", "lib")]);
        Assert.Contains("Kubernetes node (", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("each pod ≤ 1,024 (podPidsLimit)", text.Stdout, StringComparison.Ordinal);
        var none = Sh.Run("dotnet", [dll, "--once", "--json", "--var-lib", "/nonexistent-lt-w27"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, System.Text.Json.JsonDocument.Parse(none.Stdout).RootElement.GetProperty("kubeNode").ValueKind);
    }
}
