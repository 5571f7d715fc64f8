using LimitTop.TestSupport;
using System.Runtime.Versioning;

namespace LimitTop.Tests.Platform;

/// <summary>
/// Issue 24, finding 1 (the start-up hang): a FIFO named limittop.conf, planted by uid 65534 in a settings directory
/// it owns, made the dashboard hang before its first frame. The built limittop runs in tmux; the deadline only
/// bounds a hang.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SettingsFifoStartTests
{
    [SkippableFact]
    public void A_fifo_limittop_conf_does_not_hang_the_start_and_is_reported()
    {
        Need.Root();
        using var tmux = Tmux.Start(160, 40);
        string dir = Path.Combine(tmux.ConfigHome, "limittop");
        Directory.CreateDirectory(dir);
        HostileTree.Run("chown", $"{HostileTree.Uid}:{HostileTree.Uid}", dir);
        string fifo = Path.Combine(dir, "limittop.conf");
        HostileTree.AsUser("mkfifo", fifo);
        try
        {
            tmux.Type(Tmux.LimittopCommand);
            tmux.Keys("Enter");
            tmux.WaitFor(s => s.Contains("PROCESSES", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the dashboard despite a FIFO limittop.conf");
            Assert.Contains("not a regular file (a FIFO)", tmux.WaitFor(s => s.Contains("FIFO", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the settings warning"), StringComparison.Ordinal);
            tmux.Keys("q");
            tmux.WaitForShell();
        }
        finally
        {
            HostileTree.Release(fifo);
            File.Delete(fifo);
        }
    }
}
