using LimitTop.TestSupport;
using System.Runtime.Versioning;
using LimitTop.Core.Settings;

namespace LimitTop.Core.Tests.Platform;

/// <summary>
/// Issue 24, finding 1: root saves its settings in a directory another user can write (XDG_CONFIG_HOME or HOME in a
/// user-owned tree after <c>sudo -E</c>). uid 65534 plants the link or FIFO, root runs SettingsStore.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SettingsPlantTests : IDisposable
{
    private readonly HostileTree _tree = new();

    [SkippableFact]
    public void Save_does_not_write_through_a_link_planted_at_the_temporary_name()
    {
        Need.Root();
        string conf = _tree.UserDir("home/.config/limittop");
        string victim = Path.Combine(_tree.RootDir("etc"), "passwd");
        File.WriteAllText(victim, "root:x:0:0:root:/root:/bin/bash\n");
        // The name the old code used (.limittop.conf.PID.tmp): the new one is random and cannot be guessed.
        HostileTree.AsUser("ln", "-s", victim, Path.Combine(conf, $".limittop.conf.{Environment.ProcessId}.tmp"));
        string path = Path.Combine(conf, "limittop.conf");

        Assert.Null(SettingsStore.Save(path, SettingsFile.Empty(), new LimitTopSettings { Interval = 2 }));

        Assert.Equal("root:x:0:0:root:/root:/bin/bash\n", File.ReadAllText(victim));
        Assert.Null(new FileInfo(path).LinkTarget);
        Assert.Equal("interval=2\n", File.ReadAllText(path));
        Assert.Equal((UnixFileMode)Convert.ToInt32("644", 8), File.GetUnixFileMode(path));
    }

    [SkippableFact]
    public void A_link_at_limittop_conf_itself_is_replaced_not_written_through()
    {
        Need.Root();
        string conf = _tree.UserDir("home/.config/limittop");
        string victim = Path.Combine(_tree.RootDir("etc"), "shadow");
        File.WriteAllText(victim, "root:*:1:0:99999:7:::\n");
        string path = Path.Combine(conf, "limittop.conf");
        HostileTree.AsUser("ln", "-s", victim, path);

        var load = SettingsStore.Load(path);
        Assert.Contains("not followed", load.Warning);
        Assert.Null(SettingsStore.Save(path, load.File, new LimitTopSettings { Interval = 3 }));

        Assert.Equal("root:*:1:0:99999:7:::\n", File.ReadAllText(victim));
        Assert.Null(new FileInfo(path).LinkTarget);
        Assert.Equal("interval=3\n", File.ReadAllText(path));
    }

    [SkippableFact]
    public void A_symlinked_config_directory_in_a_user_owned_home_is_refused()
    {
        Need.Root();
        string home = _tree.UserDir("home");
        string rootOnly = _tree.RootDir("root-config");
        HostileTree.AsUser("ln", "-s", rootOnly, Path.Combine(home, ".config"));
        string path = Path.Combine(home, ".config", "limittop", "limittop.conf");

        string? error = SettingsStore.Save(path, SettingsFile.Empty(), new LimitTopSettings { Interval = 2 });

        Assert.NotNull(error);
        Assert.Contains($"{home}/.config is a symbolic link in {home} (owned by uid 65534): not followed", error);
        Assert.Empty(Directory.GetFileSystemEntries(rootOnly));
    }

    [SkippableFact]
    public void A_fifo_named_limittop_conf_does_not_hang_loading()
    {
        Need.Root();
        string conf = _tree.UserDir("home/.config/limittop");
        string path = Path.Combine(conf, "limittop.conf");
        HostileTree.AsUser("mkfifo", path);
        SettingsLoad? load = null;
        try
        {
            Assert.True(HostileTree.Finishes(() => load = SettingsStore.Load(path), TimeSpan.FromSeconds(30)), "loading a FIFO limittop.conf hung");
        }
        finally
        {
            HostileTree.Release(path);
        }

        Assert.Equal(new LimitTopSettings(), load!.Settings);
        Assert.Contains("not a regular file (a FIFO)", load.Warning);
    }

    [SkippableFact]
    public void Invalid_values_are_not_written_back_comments_and_unknown_keys_stay()
    {
        string path = Path.Combine(_tree.RootDir("own/limittop"), "limittop.conf");
        File.WriteAllText(path, "# mine\ncolumns=PID NOPE\ninterval=fast\ntree_view=maybe\nfuture_key=1\n");
        var load = SettingsStore.Load(path);
        Assert.Contains("unknown column 'NOPE'", load.Warning);

        Assert.Null(SettingsStore.Save(path, load.File, load.Settings));

        string text = File.ReadAllText(path);
        Assert.DoesNotContain("NOPE", text);
        Assert.DoesNotContain("interval=fast", text);
        Assert.DoesNotContain("tree_view", text);
        Assert.Contains("# mine\n", text);
        Assert.Contains("future_key=1\n", text);
        Assert.Null(SettingsStore.Load(path).Warning);
    }

    public void Dispose() => _tree.Dispose();
}
