using LimitTop.TestSupport;
using System.Runtime.Versioning;
using LimitTop.Core.Limits;
using LimitTop.Core.Platform;

namespace LimitTop.Core.Tests.Platform;

/// <summary>
/// Issue 24, finding 9 (reads): limits.d entries and /etc/group that are FIFOs, huge, or links in a directory another
/// user can write, in a fixture --etc tree whose directories uid 65534 owns. Root reads them as --why does.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ConfigPlantTests : IDisposable
{
    private readonly HostileTree _tree = new();
    private readonly string _etc;

    public ConfigPlantTests()
    {
        _etc = _tree.UserDir("etc");
        File.WriteAllText(Path.Combine(_etc, "passwd"), "root:x:0:0::/root:/bin/sh\nbob:x:1000:1000::/home/bob:/bin/sh\n");
        Directory.CreateDirectory(Path.Combine(_etc, "security"));
        File.WriteAllText(Path.Combine(_etc, "security", "limits.conf"), "bob soft nproc 100\n");
        _tree.UserDir("etc/security/limits.d");
    }

    [SkippableFact]
    public void A_fifo_group_file_and_a_fifo_limits_d_entry_do_not_hang()
    {
        Need.Root();
        string group = Path.Combine(_etc, "group"), entry = Path.Combine(_etc, "security", "limits.d", "50-evil.conf");
        HostileTree.AsUser("mkfifo", group);
        HostileTree.AsUser("mkfifo", entry);
        LoginAccount? bob = null;
        PamLimitsResult? limits = null;
        try
        {
            Assert.True(HostileTree.Finishes(() =>
            {
                bob = LoginAccount.Find(_etc, 1000);
                limits = PamLimits.Read(_etc, bob!, nrOpen: 1048576);
            }, TimeSpan.FromSeconds(30)), "reading a FIFO /etc/group or limits.d entry hung");
        }
        finally
        {
            HostileTree.Release(group);
            HostileTree.Release(entry);
        }

        Assert.Equal(1000, bob!.Gid);
        Assert.Empty(bob.Groups); // the group file was not read: no group names, no hang
        Assert.False(limits!.Applies);
        Assert.Equal(entry, limits.Failed!.File);
        Assert.Equal("cannot read: not a regular file (a FIFO)", limits.Failed.Problem);
    }

    [SkippableFact]
    public void An_oversized_limits_d_entry_is_refused_not_read()
    {
        string entry = Path.Combine(_etc, "security", "limits.d", "60-huge.conf");
        using (var f = File.Create(entry))
        {
            f.SetLength(BoundedFile.ConfigCap + 1L); // sparse: no disk, but st_size says 1 MiB + 1
        }

        var r = PamLimits.Read(_etc, LoginAccount.Find(_etc, 1000)!, nrOpen: 1048576);

        Assert.Equal(entry, r.Failed!.File);
        Assert.Equal("cannot read: larger than 1 MiB; not read", r.Failed.Problem);
    }

    [SkippableFact]
    public void A_link_in_a_user_owned_directory_is_not_followed_but_one_in_roots_is()
    {
        Need.Root();
        string secret = Path.Combine(_tree.RootDir("root-only"), "secret.conf");
        File.WriteAllText(secret, "* hard nproc 1\n");
        string planted = Path.Combine(_etc, "security", "limits.d", "70-link.conf");
        HostileTree.AsUser("ln", "-s", secret, planted);

        Assert.Equal(BoundedRead.Refused, BoundedFile.Read(planted, BoundedFile.ConfigCap, out _, out string? problem));
        Assert.Equal($"a symbolic link in {_etc}/security/limits.d (owned by uid 65534): not followed", problem);

        string rootsLink = Path.Combine(_tree.RootDir("root-links"), "ok.conf");
        File.CreateSymbolicLink(rootsLink, secret);
        Assert.Equal(BoundedRead.Ok, BoundedFile.Read(rootsLink, BoundedFile.ConfigCap, out byte[] bytes, out _));
        Assert.Equal("* hard nproc 1\n", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [SkippableFact]
    public void A_link_to_a_device_in_roots_directory_is_followed_and_refused_as_not_a_file()
    {
        string zero = Path.Combine(_tree.RootDir("root-zero"), "zero.conf");
        File.CreateSymbolicLink(zero, "/dev/zero");
        Assert.Equal(BoundedRead.Refused, BoundedFile.Read(zero, BoundedFile.ConfigCap, out _, out string? problem));
        Assert.Equal("not a regular file (a character device)", problem);
    }

    public void Dispose() => _tree.Dispose();
}
