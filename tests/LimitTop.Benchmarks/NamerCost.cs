using System.Globalization;
using LimitTop.Core.Naming;
using LimitTop.Core.Procfs;

namespace LimitTop.Benchmarks;

/// <summary>
/// <c>names [N]</c>: what naming 500 container cgroups costs per tick, on a generated state tree (200 Podman
/// containers in one store, 150 Docker, 100 containerd in 50 pods, 50 CRI-O): the first tick (every file read),
/// a cached tick (dictionary hits), ticks 1 s apart (a fifth of the paths due for their 5 s recheck, one
/// fstatat per file), and the worst case where every file is rechecked on one tick. Thread CPU, median of N.
/// </summary>
internal static class NamerCost
{
    public static void Run(int n)
    {
        string tree = Directory.CreateTempSubdirectory("lt_namer_bench_").FullName;
        try
        {
            string[] paths = Generate(tree);
            var root = new ProcRoot(Path.Combine(tree, "proc"), Path.Combine(tree, "sys"), Path.Combine(tree, "etc"));
            var state = StateRoots.Under(tree);
            Console.WriteLine($"{paths.Length} container cgroups under {tree}");

            TickParts.Report("names, first tick (cold)", n, () => NameAll(new CgroupNamer(root, state), paths));

            long clock = 0;
            var cached = new CgroupNamer(root, state, () => clock);
            NameAll(cached, paths);
            TickParts.Report("names, cached tick", n, () => NameAll(cached, paths));
            TickParts.Report("names, 1 s ticks (rechecks spread)", n, () =>
            {
                clock += 1000;
                return NameAll(cached, paths);
            });
            TickParts.Report("names, every file rechecked", n, () =>
            {
                clock += CgroupNamer.RecheckMilliseconds;
                return NameAll(cached, paths);
            });
            Console.WriteLine($"  composed {cached.Composed} names for {paths.Length} paths over {3 * n + 4} ticks (re-reads only when a file changes)");
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    private static int NameAll(CgroupNamer namer, string[] paths)
    {
        int named = 0;
        foreach (string p in paths)
        {
            named += namer.Name(p, 2).Name is null ? 0 : 1;
        }

        return named;
    }

    private static string Id(int kind, int i) => (kind.ToString("x2", CultureInfo.InvariantCulture) + i.ToString("x6", CultureInfo.InvariantCulture)).PadRight(64, 'a');

    internal static string[] Generate(string tree)
    {
        var paths = new List<string>();
        var store = new List<string>();
        for (int i = 0; i < 200; i++)
        {
            string id = Id(1, i);
            store.Add($"{{\"id\":\"{id}\",\"names\":[\"svc-{i}\"],\"image\":\"img\",\"layer\":\"{id}\",\"metadata\":\"{{}}\",\"created\":\"2026-12-07T00:00:00Z\"}}");
            paths.Add($"/machine.slice/libpod-{id}.scope");
        }

        Write(Path.Combine(tree, "var/lib/containers/storage/overlay-containers/containers.json"), "[" + string.Join(',', store) + "]");
        for (int i = 0; i < 150; i++)
        {
            string id = Id(2, i);
            Write(Path.Combine(tree, $"var/lib/docker/containers/{id}/config.v2.json"), $"{{\"ID\":\"{id}\",\"Name\":\"/web-{i}\",\"Config\":{{\"Labels\":{{}}}}}}");
            paths.Add($"/system.slice/docker-{id}.scope");
        }

        for (int i = 0; i < 100; i++)
        {
            string id = Id(3, i);
            string pod = $"0a1b2c3d-0000-0000-0000-{i / 2:x12}".Replace('-', '_');
            Write(Path.Combine(tree, $"run/containerd/io.containerd.runtime.v2.task/k8s.io/{id}/config.json"),
                $"{{\"annotations\":{{\"io.kubernetes.cri.container-type\":\"container\",\"io.kubernetes.cri.container-name\":\"c{i % 2}\",\"io.kubernetes.cri.sandbox-name\":\"app-{i / 2}\",\"io.kubernetes.cri.sandbox-namespace\":\"default\"}}}}");
            paths.Add($"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{pod}.slice/cri-containerd-{id}.scope");
        }

        for (int i = 0; i < 50; i++)
        {
            string id = Id(4, i);
            Write(Path.Combine(tree, $"run/containers/storage/overlay-containers/{id}/userdata/config.json"),
                $"{{\"annotations\":{{\"io.kubernetes.container.name\":\"db\",\"io.kubernetes.pod.name\":\"db-{i}\",\"io.kubernetes.pod.namespace\":\"prod\"}}}}");
            paths.Add($"/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod9f8e7d6c_0000_0000_0000_{i:x12}.slice/crio-{id}.scope");
        }

        Write(Path.Combine(tree, "etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        return [.. paths];
    }

    private static void Write(string file, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }
}
