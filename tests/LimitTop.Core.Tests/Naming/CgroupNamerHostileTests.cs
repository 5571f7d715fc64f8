using System.Text;
using LimitTop.Core.Naming;
using LimitTop.Core.Tests.Sampling;
using static LimitTop.Core.Tests.Naming.NamerFixture;

namespace LimitTop.Core.Tests.Naming;

/// <summary>Hostile names and files: escaped, bounded, falling back to the path, never an exception.</summary>
public sealed class CgroupNamerHostileTests
{
    private static string DockerDir(FixtureTree t, string id) => t.File($"var/lib/docker/containers/{id}");

    private static string Store(FixtureTree t) => t.File("var/lib/containers/storage/overlay-containers/containers.json");

    [Fact]
    public void Escapes_bidi_overrides_and_bytes_that_are_not_utf8_are_made_visible()
    {
        using var t = FixtureTree.Copy("containers");
        // ESC as a JSON escape, U+202E as raw UTF-8 and a raw 0xff byte inside the name.
        var json = new List<byte>();
        json.AddRange(Encoding.UTF8.GetBytes($"[{{\"id\":\"{P1}\",\"names\":[\"ev\\u001b[2Jil\u202egnp.exe"));
        json.Add(0xff);
        json.AddRange(Encoding.UTF8.GetBytes("x\"]}]"));
        File.WriteAllBytes(Store(t), [.. json]);
        var n = Namer(t.Dir).Name("/libpod_parent/libpod-" + P1);
        Assert.Equal("ev\\e[2Jil\\u202egnp.exe\\xffx", n.Name);
        Assert.Equal("ev\\e[2Jil\\u202egnp.exe\\xffx (podman)", n.Display);
        Assert.DoesNotContain(n.Display, c => c < 0x20 || NameText.IsBidi(c));
    }

    [Fact]
    public void A_docker_name_with_escapes_in_the_annotations_is_escaped()
    {
        using var t = FixtureTree.Copy("containers");
        File.WriteAllText(Path.Combine(DockerDir(t, D1), "config.v2.json"), "{\"Name\":\"/a\\u0007b\\u009bc\\u2066d\"}");
        Assert.Equal("a\\x07b\\x9bc\\u2066d (docker)", Namer(t.Dir).Name("/docker/" + D1).Display);
    }

    [Fact]
    public void A_50_MB_config_is_refused_before_it_is_read()
    {
        using var t = FixtureTree.Copy("containers");
        string file = Path.Combine(DockerDir(t, D1), "config.v2.json");
        using (var fs = new FileStream(file, FileMode.Create))
        {
            fs.SetLength(50L << 20); // sparse: 50 MB of NULs on a few blocks
        }

        var n = Namer(t.Dir).Name("/docker/" + D1);
        Assert.Equal(("d1d1d1d1d1d1 (docker)", (string?)null), (n.Display, n.Name));
        Assert.Contains("over the cap", n.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"Name\":\"/web-1\"")] // cut short
    [InlineData("{\"Name\":/web-1}")]
    [InlineData("")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]")]
    public void Malformed_json_falls_back_to_runtime_and_id(string text)
    {
        using var t = FixtureTree.Copy("containers");
        File.WriteAllText(Path.Combine(DockerDir(t, D1), "config.v2.json"), text);
        var n = Namer(t.Dir).Name("/system.slice/docker-" + D1 + ".scope", 2);
        Assert.Equal("d1d1d1d1d1d1 (docker)", n.Display);
        Assert.NotNull(n.Failure);
    }

    [Fact]
    public void A_malformed_or_missing_store_falls_back_and_a_deep_one_is_bounded()
    {
        using var t = FixtureTree.Copy("containers");
        File.WriteAllText(Store(t), "[{\"id\":\"" + P1 + "\",\"names\":[\"ltc1\"]},{\"id\":");
        var namer = Namer(t.Dir);
        Assert.Equal("ltc1 (podman)", namer.Name("/libpod_parent/libpod-" + P1).Display); // what came before the fault
        var p2 = namer.Name("/libpod_parent/libpod-" + P2);
        Assert.Equal(("b2b2b2b2b2b2 (podman)", "malformed JSON"), (p2.Display, p2.Failure));

        File.Delete(Store(t));
        var gone = Namer(t.Dir).Name("/libpod_parent/libpod-" + P1);
        Assert.Equal("4d6e4fb6fb70 (podman)", gone.Display);
        Assert.Contains("ENOENT", gone.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_or_a_fifo_in_place_of_a_config_is_not_followed_nor_waited_on()
    {
        using var t = FixtureTree.Copy("containers");
        string file = Path.Combine(DockerDir(t, D1), "config.v2.json");
        File.Delete(file);
        File.CreateSymbolicLink(file, "/etc/passwd");
        Assert.Contains("symbolic link", Namer(t.Dir).Name("/docker/" + D1).Failure, StringComparison.Ordinal);

        File.Delete(file);
        using (var mk = System.Diagnostics.Process.Start("mkfifo", file))
        {
            mk.WaitForExit();
        }

        var n = Namer(t.Dir).Name("/docker/" + D1);
        Assert.Equal(("d1d1d1d1d1d1 (docker)", "not a regular file"), (n.Display, n.Failure));
    }

    [Fact]
    public void A_rootless_container_is_named_from_its_owners_store_and_a_homeless_owner_falls_back()
    {
        using var t = FixtureTree.Copy("containers");
        string home = t.File("home/bob");
        string store = Path.Combine(home, ".local/share/containers/storage/overlay-containers");
        Directory.CreateDirectory(store);
        File.WriteAllText(Path.Combine(store, "containers.json"), $"[{{\"id\":\"{P2}\",\"names\":[\"bobs-api\"]}}]");
        File.WriteAllText(t.File("etc/passwd"), $"root:x:0:0::/root:/bin/sh\nbob:x:1000:1000::{home}:/bin/sh\n");
        string path = "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + P2 + ".scope";
        var n = Namer(t.Dir).Name(path, 2);
        Assert.Equal(("bobs-api", "bobs-api (podman, bob)", 1000), (n.Name, n.Display, n.Uid));

        var homeless = Namer(t.Dir).Name(path.Replace("1000", "4242", StringComparison.Ordinal), 2);
        Assert.Equal("b2b2b2b2b2b2 (podman, 4242)", homeless.Display);
        Assert.Contains("no home", homeless.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_state_root_falls_back_without_an_exception()
    {
        var namer = new CgroupNamer(new LimitTop.Core.Procfs.ProcRoot("/nonexistent/proc", "/nonexistent/sys", "/nonexistent/etc"), new StateRoots("/nonexistent/var", "/nonexistent/run"));
        Assert.Equal("d1d1d1d1d1d1 (docker)", namer.Name("/docker/" + D1).Display);
        Assert.Equal("pod 0a1b2c3d-111 (kubernetes)", namer.Name("/kubepods/burstable/pod" + Pod).Display);
        Assert.Equal("user 1000's logins", namer.Name("/user.slice/user-1000.slice").Display);
    }
}
