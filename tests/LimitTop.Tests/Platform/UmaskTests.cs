using LimitTop.TestSupport;
using System.Runtime.Versioning;
using LimitTop.Core.Settings;
using LimitTop.Serving;
using Tmds.Linux;

namespace LimitTop.Tests.Platform;

/// <summary>Runs alone: umask is per process, and the other tests create files meanwhile.</summary>
[CollectionDefinition("umask", DisableParallelization = true)]
public sealed class UmaskCollection;

/// <summary>
/// Issue 24, finding 3: under the unit's UMask=0077 the textfile must still be 0644 (node_exporter runs as another
/// user) and the settings file 0644: the helper fchmod's to the exact mode.
/// </summary>
[Collection("umask")]
[SupportedOSPlatform("linux")]
public sealed class UmaskTests : IDisposable
{
    private readonly HostileTree _tree = new();

    [Fact]
    public void Textfile_and_settings_get_their_exact_mode_under_umask_077()
    {
        string dir = _tree.RootDir("out");
        mode_t before = LibC.umask((mode_t)Convert.ToInt32("077", 8));
        try
        {
            Assert.Null(new TextfileWriter(Path.Combine(dir, "limittop.prom")).Write("limittop_up 1\n"));
            Assert.Null(SettingsStore.Save(Path.Combine(dir, "cfg", "limittop", "limittop.conf"), SettingsFile.Empty(), new LimitTopSettings { Interval = 2 }));
        }
        finally
        {
            LibC.umask(before);
        }

        Assert.Equal((UnixFileMode)Convert.ToInt32("644", 8), File.GetUnixFileMode(Path.Combine(dir, "limittop.prom")));
        Assert.Equal((UnixFileMode)Convert.ToInt32("644", 8), File.GetUnixFileMode(Path.Combine(dir, "cfg", "limittop", "limittop.conf")));
        Assert.Equal((UnixFileMode)Convert.ToInt32("700", 8), File.GetUnixFileMode(Path.Combine(dir, "cfg", "limittop")));
    }

    public void Dispose() => _tree.Dispose();
}
