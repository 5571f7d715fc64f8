using System.Diagnostics;
using System.Globalization;

namespace LimitTop.TestSupport;

/// <summary>
/// A real Podman for the live naming tests of both test projects (docs/kernel-limits.md §19): Debian's podman with
/// runc (crun refuses this VM's hybrid cgroups), ulimits within the VM's hard limits, and a local busybox image made
/// with <c>podman import</c> (no registry). Containers are named by the test and removed by it (<see cref="Remove"/>).
/// </summary>
public static class LivePodman
{
    public const string Image = "localhost/lt_namer_bb:1";

    /// <summary>Skips without root, podman, runc or busybox-static (tests/install-prereqs.sh installs them; CI fails instead).</summary>
    public static void Require()
    {
        Need.Root();
        Need.Provided(File.Exists("/usr/bin/podman"), "podman (tests/install-prereqs.sh)");
        Need.Provided(File.Exists("/usr/sbin/runc") || File.Exists("/usr/bin/runc"), "runc: Debian's crun refuses this VM's hybrid cgroup layout (docs/kernel-limits.md §19)");
        Need.Provided(File.Exists("/bin/busybox"), "busybox-static: the local image is made from /bin/busybox");
    }

    /// <summary>
    /// Starts <paramref name="name"/> detached from the local image with <c>--pids-limit</c> (a leftover of an
    /// interrupted run of the same test is removed first); returns its id. Its v1 pids cgroup is /libpod_parent/libpod-ID.
    /// </summary>
    public static string Start(string name, int pidsLimit, params string[] command)
    {
        EnsureImage();
        Remove(name);
        return Check(Run(["run", "-d", "--runtime", "runc", "--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=5000:5000",
            "--pids-limit", pidsLimit.ToString(CultureInfo.InvariantCulture), "--name", name, Image, .. command])).Trim();
    }

    /// <summary>Runs <paramref name="script"/> in the container with sh, detached (a fork loop).</summary>
    public static void ExecDetached(string name, string script) => Check(Run(["exec", "-d", name, "sh", "-c", script]));

    /// <summary>The host PID of the container's first process.</summary>
    public static int Pid(string name) => int.Parse(Check(Run(["inspect", "-f", "{{.State.Pid}}", name])).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Removes a container the test started, whatever its state (nothing when there is none).</summary>
    public static void Remove(string name)
    {
        try
        {
            _ = Run(["rm", "-f", "-t", "0", name]);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // fork refused (a full machine): the finally that calls this must not hide the test's own failure;
            // the next run's Start removes the leftover
        }
    }

    /// <summary>The busybox image, imported from a tar of /bin/busybox and its links when not there yet.</summary>
    public static void EnsureImage()
    {
        if (Run(["image", "exists", Image]).Code == 0)
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
            Check(Exec("tar", ["-C", Path.Combine(dir, "root"), "-cf", tar, "."]));
            Check(Run(["import", tar, Image]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static (int Code, string Out, string Err) Run(string[] args) => Exec("podman", args);

    private static string Check((int Code, string Out, string Err) r)
    {
        Assert.True(r.Code == 0, $"exit {r.Code}: {r.Err}");
        return r.Out;
    }

    /// <summary>Runs a tool to its end; the deadline only bounds a hang.</summary>
    private static (int Code, string Out, string Err) Exec(string file, string[] args)
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
