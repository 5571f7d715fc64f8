using LimitTop.Core.Model;
using System.Diagnostics;
using LimitTop.Core.Naming;
using LimitTop.Core.Procfs;
using LimitTop.Core.Why;

namespace LimitTop.Core.Tests.Live;

/// <summary>Skips, with the reason, when Podman cannot run a container here (not installed, not root, no busybox-static).</summary>
public sealed class PodmanFactAttribute : FactAttribute
{
    public PodmanFactAttribute()
    {
        if (!File.Exists("/usr/bin/podman"))
        {
            Skip = "podman is not installed (apt-get install podman runc busybox-static)";
        }
        else if (!File.Exists("/usr/sbin/runc") && !File.Exists("/usr/bin/runc"))
        {
            Skip = "runc is not installed: Debian's crun refuses this VM's hybrid cgroup layout (LIMITS.md §12)";
        }
        else if (!File.Exists("/bin/busybox"))
        {
            Skip = "busybox-static is not installed: the local image is made from /bin/busybox";
        }
        else if (Environment.UserName != "root")
        {
            Skip = "rootful podman needs root (the CI runs as root)";
        }
    }
}

/// <summary>
/// A real Podman container (Debian's podman, runc, a busybox image made with podman import, no registry) started
/// with --pids-limit 32: the namer finds its name in the rootful store from its v1 pids cgroup alone, and the
/// origin of its limit in its OCI config. The container is removed in finally.
/// </summary>
public sealed class PodmanNamerTests
{
    private const string Image = "localhost/lt_namer_bb:1";
    private const string Container = "lt_namer_c1";

    [PodmanFact]
    public void Names_a_podman_container_and_the_origin_of_its_pids_limit()
    {
        EnsureImage();
        Podman("rm", "-f", "-t", "0", Container); // a leftover of an interrupted run of this test only
        try
        {
            string id = Podman("run", "-d", "--runtime", "runc", "--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=5000:5000",
                "--pids-limit", "32", "--name", Container, Image, "sleep", "600").Trim();
            int pid = int.Parse(Podman("inspect", "-f", "{{.State.Pid}}", Container).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            string line = File.ReadAllLines($"/proc/{pid}/cgroup").First(l => l.Split(':')[1].Split(',').Contains("pids"));
            string path = line[(line.IndexOf(":/", StringComparison.Ordinal) + 1)..];
            Assert.Equal("/libpod_parent/libpod-" + id, path); // the cgroupfs layout of LIMITS.md §12

            var namer = new CgroupNamer(ProcRoot.Default, StateRoots.Default);
            var name = namer.Name(path, 1);
            Assert.Equal((CgroupKind.Podman, "podman", id, Container, "lt_namer_c1 (podman)"), (name.Kind, name.Runtime, name.Id, name.Name, name.Display));

            long pidsMax = long.Parse(File.ReadAllText($"/sys/fs/cgroup/pids{path}/pids.max").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(32, pidsMax);
            var origin = new ContainerLimitOrigins(ProcRoot.Default, StateRoots.Default, namer.Files).Of(name, pidsMax);
            Assert.Equal("podman --pids-limit 32", origin?.Sentence);
        }
        finally
        {
            Podman("rm", "-f", "-t", "0", Container);
        }
    }

    [PodmanFact]
    public void A_fork_loop_inside_is_refused_by_the_containers_limit_and_attributed_to_it_by_name()
    {
        const string name = "lt_namer_c2";
        EnsureImage();
        Podman("rm", "-f", "-t", "0", name);
        try
        {
            string id = Podman("run", "-d", "--runtime", "runc", "--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=5000:5000",
                "--pids-limit", "32", "--name", name, Image, "sleep", "600").Trim();
            string path = "/libpod_parent/libpod-" + id;
            Podman("exec", "-d", name, "sh", "-c", "i=0; while [ $i -lt 40 ]; do sleep 600 & i=$((i+1)); done; wait");
            string events = $"/sys/fs/cgroup/pids{path}/pids.events";
            var deadline = DateTime.UtcNow.AddSeconds(60); // bounds a hang only: the loop is refused within a moment
            while (File.ReadAllText(events).Trim() == "max 0" && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }

            using var sampler = new LimitTop.Core.Sampling.Sampler(ProcRoot.Default);
            var usage = sampler.Sample().Cgroups.Single(c => c.Path == path);
            // The oracle is the kernel's own count (31 here: LIMITS.md §12), stable once the loop is refused and waits.
            long current = long.Parse(File.ReadAllText($"/sys/fs/cgroup/pids{path}/pids.current").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal((current, (long?)32), (usage.PidsCurrent, usage.PidsMax));
            Assert.InRange(current, 30, 32);
            Assert.True(usage.ForkRejections >= 1, $"pids.events {File.ReadAllText(events)}");
            var named = new CgroupNamer(ProcRoot.Default, StateRoots.Default).Name(usage);
            Assert.Equal(("lt_namer_c2 (podman)", id), (named.Display, named.Id));
        }
        finally
        {
            Podman("rm", "-f", "-t", "0", name);
        }
    }

    /// <summary>The busybox image, imported from a tar of /bin/busybox and its links when not there yet.</summary>
    private static void EnsureImage()
    {
        if (Run("podman", ["image", "exists", Image]).Code == 0)
        {
            return;
        }

        string dir = Directory.CreateTempSubdirectory("lt_namer_img_").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "root/bin"));
            File.Copy("/bin/busybox", Path.Combine(dir, "root/bin/busybox"));
            foreach (string tool in new[] { "sh", "sleep", "cat", "ps" })
            {
                File.CreateSymbolicLink(Path.Combine(dir, "root/bin", tool), "busybox");
            }

            string tar = Path.Combine(dir, "root.tar");
            Check(Run("tar", ["-C", Path.Combine(dir, "root"), "-cf", tar, "."]));
            Check(Run("podman", ["import", tar, Image]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Podman(params string[] args)
    {
        var r = Run("podman", args);
        if (args[0] != "rm")
        {
            Check(r);
        }

        return r.Out;
    }

    private static void Check((int Code, string Out, string Err) r)
        => Assert.True(r.Code == 0, $"exit {r.Code}: {r.Err}");

    /// <summary>Runs a tool to its end; the deadline only bounds a hang.</summary>
    private static (int Code, string Out, string Err) Run(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromSeconds(180)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 180 s");
        }

        return (p.ExitCode, stdout, stderr.Result);
    }
}
