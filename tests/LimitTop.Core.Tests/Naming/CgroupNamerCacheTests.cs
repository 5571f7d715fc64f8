using LimitTop.Core.Naming;
using LimitTop.Core.Tests.Sampling;
using static LimitTop.Core.Tests.Naming.NamerFixture;

namespace LimitTop.Core.Tests.Naming;

/// <summary>The cache: one composition per path, a stamp recheck at most every 5 s (on the namer's own clock), a bound.</summary>
public sealed class CgroupNamerCacheTests
{
    [Fact]
    public void A_renamed_container_is_renamed_within_the_recheck_interval_and_then_every_interval()
    {
        using var t = FixtureTree.Copy("containers");
        long now = 1_000;
        var namer = Namer(t.Dir, () => now);
        string path = "/libpod_parent/libpod-" + P1;
        string store = t.File("var/lib/containers/storage/overlay-containers/containers.json");
        Assert.Equal("ltc1", namer.Name(path).Name);
        File.WriteAllText(store, $"[{{\"id\":\"{P1}\",\"names\":[\"renamed-ltc1\"]}}]"); // another size: another stamp
        Assert.Equal("ltc1", namer.Name(path).Name); // same instant: cached
        Assert.Equal(1, namer.Composed);

        // The first recheck falls within one interval (spread by the path; a file stamp is reused for up to a second),
        // each later one an interval after.
        long renamedAt = 0;
        for (long step = 0; step <= 2 * CgroupNamer.RecheckMilliseconds && renamedAt == 0; step += 100)
        {
            now = 1_000 + step;
            renamedAt = namer.Name(path).Name == "renamed-ltc1" ? now : 0;
        }

        Assert.NotEqual(0, renamedAt);
        Assert.Equal(2, namer.Composed);
        File.WriteAllText(store, $"[{{\"id\":\"{P1}\",\"names\":[\"third-name-of-ltc1\"]}}]");
        now = renamedAt + CgroupNamer.RecheckMilliseconds - 1;
        Assert.Equal("renamed-ltc1", namer.Name(path).Name);
        now = renamedAt + CgroupNamer.RecheckMilliseconds;
        Assert.Equal("third-name-of-ltc1", namer.Name(path).Name);
        now += CgroupNamer.RecheckMilliseconds;
        Assert.Equal("third-name-of-ltc1", namer.Name(path).Name);
        Assert.Equal(3, namer.Composed); // stamp unchanged: not re-read
    }

    [Fact]
    public void A_container_whose_file_appears_later_is_named_once_it_does()
    {
        using var t = FixtureTree.Copy("containers");
        long now = 0;
        var namer = Namer(t.Dir, () => now);
        string id = string.Concat(Enumerable.Repeat("7e", 32));
        string path = "/system.slice/docker-" + id + ".scope";
        Assert.Null(namer.Name(path, 2).Name);
        string dir = t.File("var/lib/docker/containers/" + id);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.v2.json"), "{\"Name\":\"/late\"}");
        now += CgroupNamer.RecheckMilliseconds + 1;
        Assert.Equal("late (docker)", namer.Name(path, 2).Display);
    }

    [Fact]
    public void The_cache_is_bounded_and_keeps_what_is_asked_every_tick()
    {
        var namer = Namer(Committed, () => 0, capacity: 16);
        for (int i = 0; i < 200; i++)
        {
            namer.Name("/libpod_parent/libpod-" + P1); // asked every round: never the least recently used
            namer.Name($"/system.slice/unit-{i}.service");
            Assert.True(namer.Count <= 16, $"count {namer.Count}");
        }

        long before = namer.Composed;
        namer.Name("/libpod_parent/libpod-" + P1);
        Assert.Equal(before, namer.Composed);
    }

    [Fact]
    public void Naming_the_same_paths_again_composes_nothing()
    {
        var namer = Namer(Committed, () => 0);
        string[] paths = ["/docker/" + D1, "/libpod_parent/libpod-" + P1, "/kubepods/burstable/pod" + Pod + "/" + C1, "/system.slice/nginx.service"];
        foreach (string p in paths)
        {
            namer.Name(p);
        }

        for (int i = 0; i < 10; i++)
        {
            foreach (string p in paths)
            {
                namer.Name(p);
            }
        }

        Assert.Equal(paths.Length, namer.Composed);
    }

    [Fact]
    public void NameAll_names_a_snapshots_cgroups_by_path()
    {
        var namer = Namer(Committed, () => 0);
        LimitTop.Core.Model.CgroupUsage U(string path, int version) => new() { Path = path, Version = version, PidsCurrent = 1 };
        var names = namer.NameAll([U("/libpod_parent/libpod-" + P1, 1), U("/system.slice/docker-" + D1 + ".scope", 2), U("/", 1)]);
        Assert.Equal(["/", "ltc1 (podman)", "web-1 (docker)"], names.Values.Select(n => n.Display).Order(StringComparer.Ordinal));
        Assert.Equal(3, namer.Composed);
    }
}
