using LimitTop.Tests.Survival;

namespace LimitTop.Tests.Fleet;

/// <summary>
/// Podman as the fleet tests drive it: runc (crun refuses this VM's hybrid cgroups) and
/// ulimits within the VM's hard limits. Containers and images are named by the test (lt_fleet_…) and removed by it.
/// </summary>
internal static class Podman
{
    /// <summary>The options every <c>podman run</c> here needs.</summary>
    public static readonly string[] RunBase = ["run", "--runtime", "runc", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=5000:5000"];

    public static void Require()
        => Assert.True(File.Exists("/usr/bin/podman") && File.Exists("/usr/sbin/runc"), "podman and runc are installed (tests/install-prereqs.sh)");

    public static Sh.Result Run(params string[] args) => Sh.Run("podman", args, TimeSpan.FromMinutes(3));

    /// <summary>
    /// A local image holding busybox-static's /bin/busybox and the applets the tests use, made with
    /// <c>podman import</c> of a tarred directory (no registry). Returns its name; the caller removes it.
    /// </summary>
    public static string BusyboxImage()
    {
        const string name = "localhost/lt_fleet_busybox:1";
        if (Run("image", "exists", name).ExitCode == 0)
        {
            return name;
        }

        Assert.True(File.Exists("/bin/busybox"), "busybox-static is installed (tests/install-prereqs.sh)");
        string dir = Directory.CreateTempSubdirectory("limittop-fleet-bb-").FullName;
        try
        {
            string bin = Path.Combine(dir, "root", "bin");
            Directory.CreateDirectory(bin);
            File.Copy("/bin/busybox", Path.Combine(bin, "busybox"));
            foreach (string applet in new[] { "sh", "sleep", "seq", "true" })
            {
                File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
            }

            string tar = Path.Combine(dir, "rootfs.tar");
            Sh.Check(Sh.Run("tar", ["-C", Path.Combine(dir, "root"), "-cf", tar, "."]), "tar the busybox rootfs");
            Sh.Check(Run("import", "--change", "CMD [\"/bin/sh\"]", tar, name), "podman import");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return name;
    }

    /// <summary>Removes a container the test started (by its name), whatever its state.</summary>
    public static void Remove(string container) => _ = Run("rm", "--force", "--time", "0", container);

    /// <summary>The container's full id (its cgroup is /libpod_parent/libpod-ID on this VM's v1 pids hierarchy).</summary>
    public static string Id(string container)
    {
        var r = Run("inspect", "--format", "{{.Id}}", container);
        Sh.Check(r, "podman inspect " + container);
        return r.Stdout.Trim();
    }
}
