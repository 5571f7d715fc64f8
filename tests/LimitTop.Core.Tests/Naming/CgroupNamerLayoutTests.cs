using LimitTop.Core.Model;
using LimitTop.Core.Naming;
using static LimitTop.Core.Tests.Naming.NamerFixture;

namespace LimitTop.Core.Tests.Naming;

/// <summary>Every documented layout (docs/container-names.md), v1 and v2 paths, named from Fixtures/containers.</summary>
public sealed class CgroupNamerLayoutTests
{
    private static readonly string PodSlice = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0a1b2c3d_1111_2222_3333_444455556666.slice";
    private static readonly string CrioSlice = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod9f8e7d6c_aaaa_bbbb_cccc_ddddeeeeffff.slice";

    public static TheoryData<string, int, CgroupKind, string?, string?, string?, string?, string> Layouts() => new()
    {
        // path, version, kind, runtime, name, pod, namespace, display
        { "/docker/" + D1, 1, CgroupKind.Docker, "docker", "web-1", null, null, "web-1 (docker)" },
        { "/system.slice/docker-" + D1 + ".scope", 2, CgroupKind.Docker, "docker", "web-1", null, null, "web-1 (docker)" },
        { "/system.slice/docker-" + D1 + ".scope/init", 2, CgroupKind.Docker, "docker", "web-1", null, null, "web-1 (docker)" },
        { "/libpod_parent/libpod-" + P1, 1, CgroupKind.Podman, "podman", "ltc1", null, null, "ltc1 (podman)" },
        { "/machine.slice/libpod-" + P1 + ".scope", 2, CgroupKind.Podman, "podman", "ltc1", null, null, "ltc1 (podman)" },
        { "/machine.slice/libpod-" + P1 + ".scope/container", 2, CgroupKind.Podman, "podman", "ltc1", null, null, "ltc1 (podman)" },
        { "/machine.slice/libpod-conmon-" + P1 + ".scope", 2, CgroupKind.Podman, "podman", "ltc1", null, null, "ltc1 (podman conmon)" },
        { "/machine.slice/libpod-" + P2 + ".scope", 2, CgroupKind.Podman, "podman", "api", null, null, "api (podman)" },
        { "/kubepods/burstable/pod" + Pod + "/" + C1, 1, CgroupKind.Containerd, "containerd", "web", "web-7f9c", "default", "default/web-7f9c · web (containerd)" },
        { PodSlice + "/cri-containerd-" + C1 + ".scope", 2, CgroupKind.Containerd, "containerd", "web", "web-7f9c", "default", "default/web-7f9c · web (containerd)" },
        { "/kubepods/burstable/pod" + Pod + "/" + S1, 1, CgroupKind.Containerd, "containerd", "(sandbox)", "web-7f9c", "default", "default/web-7f9c · (sandbox) (containerd)" },
        { CrioSlice + "/crio-" + R1 + ".scope", 2, CgroupKind.CriO, "cri-o", "db", "db-0", "prod", "prod/db-0 · db (cri-o)" },
        { "/kubepods/besteffort/pod" + CrioPod + "/crio-" + R1, 1, CgroupKind.CriO, "cri-o", "db", "db-0", "prod", "prod/db-0 · db (cri-o)" },
        { CrioSlice + "/crio-conmon-" + R1 + ".scope", 2, CgroupKind.CriO, "cri-o", "db", "db-0", "prod", "prod/db-0 · db (cri-o conmon)" },
        { "/kubepods/burstable/pod" + Pod, 1, CgroupKind.KubernetesPod, "containerd", null, "web-7f9c", "default", "default/web-7f9c (pod, containerd)" },
        { PodSlice, 2, CgroupKind.KubernetesPod, "containerd", null, "web-7f9c", "default", "default/web-7f9c (pod, containerd)" },
        { CrioSlice, 2, CgroupKind.KubernetesPod, "cri-o", null, "db-0", "prod", "prod/db-0 (pod, cri-o)" },
        { "/machine.slice/machine-libpod_pod_" + P2 + ".slice", 2, CgroupKind.PodmanPod, "podman", null, null, null, "pod b2b2b2b2b2b2 (podman)" },
        { "/lxc.payload.web01", 2, CgroupKind.Lxc, "lxc", "web01", null, null, "web01 (lxc)" },
        { "/lxc.monitor.web01", 2, CgroupKind.Lxc, "lxc", "web01", null, null, "web01 (lxc monitor)" },
        { "/lxc/web01", 1, CgroupKind.Lxc, "lxc", "web01", null, null, "web01 (lxc)" },
        { "/machine.slice/machine-qemu\\x2d1\\x2dvm01.scope", 2, CgroupKind.Machine, "systemd-machined", "qemu-1-vm01", null, null, "qemu-1-vm01 (machine)" },
        { "/system.slice/nginx.service", 1, CgroupKind.SystemdService, null, null, null, null, "nginx.service" },
        { "/system.slice/cron.scope", 2, CgroupKind.SystemdScope, null, null, null, null, "cron.scope" },
        { "/system.slice", 2, CgroupKind.SystemdSlice, null, null, null, null, "system.slice" },
        { "/user.slice/user-1000.slice", 1, CgroupKind.UserSlice, null, null, null, null, "user bob's logins" },
        { "/user.slice/user-1000.slice/session-3.scope", 1, CgroupKind.Session, null, null, null, null, "session 3 of bob" },
        { "/user.slice/user-1000.slice/user@1000.service", 2, CgroupKind.UserManager, null, null, null, null, "bob's user manager" },
        { "/user.slice/user-1000.slice/user@1000.service/app.slice/dbus.service", 2, CgroupKind.SystemdService, null, null, null, null, "dbus.service (bob)" },
        { "/user.slice/user-4242.slice", 2, CgroupKind.UserSlice, null, null, null, null, "user 4242's logins" },
        { "/lt_test/sub", 1, CgroupKind.None, null, null, null, null, "/lt_test/sub" },
        { "/", 1, CgroupKind.None, null, null, null, null, "/" },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Names_each_layout(string path, int version, CgroupKind kind, string? runtime, string? name, string? pod, string? ns, string display)
    {
        var n = Namer(Committed).Name(path, version);
        Assert.Equal((kind, runtime, name, pod, ns, display), (n.Kind, n.Runtime, n.Name, n.Pod, n.Namespace, n.Display));
        Assert.Equal(path, n.Path);
    }

    [Fact]
    public void Container_ids_and_sources_point_at_the_runtime_files()
    {
        var namer = Namer(Committed);
        var docker = namer.Name("/docker/" + D1);
        Assert.Equal(D1, docker.Id);
        Assert.Equal(Path.Combine(Committed, "var/lib/docker/containers", D1, "config.v2.json"), docker.Source);
        var podman = namer.Name("/libpod_parent/libpod-" + P1);
        Assert.Equal(Path.Combine(Committed, "var/lib/containers/storage/overlay-containers/containers.json"), podman.Source);
        Assert.Null(podman.Failure);
        var pod = namer.Name("/kubepods/burstable/pod" + Pod);
        Assert.Equal(Pod, pod.Id);
        Assert.True(pod.IsContainer);
        Assert.False(namer.Name("/system.slice/nginx.service").IsContainer);
    }

    [Theory]
    [InlineData("/docker/D1")] // not hex: could steer a file name, never read
    [InlineData("/system.slice/docker-..%2f..%2fetc.scope")]
    [InlineData("/machine.slice/libpod-..%2f..%2fx.scope")]
    public void Paths_that_are_not_ids_are_not_read_as_containers(string path)
    {
        var n = Namer(Committed).Name(path);
        Assert.Null(n.Source);
        Assert.NotEqual(CgroupKind.Docker, n.Kind);
    }

    [Fact]
    public void An_unknown_container_id_is_named_by_runtime_and_short_id_with_the_reason()
    {
        string id = string.Concat(Enumerable.Repeat("ab", 32));
        var n = Namer(Committed).Name("/system.slice/docker-" + id + ".scope", 2);
        Assert.Equal("abababababab (docker)", n.Display);
        Assert.Null(n.Name);
        Assert.Contains("ENOENT", n.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_docker_container_run_for_kubernetes_is_named_from_its_labels()
    {
        using var t = LimitTop.TestSupport.FixtureTree.Copy("containers");
        File.WriteAllText(t.File($"var/lib/docker/containers/{D1}/config.v2.json"),
            "{\"Name\":\"/k8s_web_web-7f9c_default_0a1b_0\",\"Config\":{\"Labels\":{\"io.kubernetes.container.name\":\"web\",\"io.kubernetes.pod.name\":\"web-7f9c\",\"io.kubernetes.pod.namespace\":\"default\"}}}");
        var n = Namer(t.Dir).Name("/kubepods.slice/kubepods-pod0a1b2c3d_1111_2222_3333_444455556666.slice/docker-" + D1 + ".scope", 2);
        Assert.Equal(("web", "web-7f9c", "default", "default/web-7f9c · web (docker)"), (n.Name, n.Pod, n.Namespace, n.Display));
    }
}
