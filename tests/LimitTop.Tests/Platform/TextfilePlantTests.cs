using LimitTop.TestSupport;
using System.Runtime.Versioning;
using LimitTop.Serving;

namespace LimitTop.Tests.Platform;

/// <summary>
/// Issue 24, finding 3: the owner of node_exporter's textfile directory (here uid 65534) plants a FIFO or a link at
/// the temporary name the old code used (<c>.FILE.PID.tmp</c>); root's --textfile write neither blocks nor follows.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class TextfilePlantTests : IDisposable
{
    private readonly HostileTree _tree = new();

    [SkippableFact]
    public void A_fifo_at_the_temporary_name_never_blocks_the_write()
    {
        Need.Root();
        string dir = _tree.UserDir("node-exporter");
        string fifo = Path.Combine(dir, $".limittop.prom.{Environment.ProcessId}.tmp");
        HostileTree.AsUser("mkfifo", fifo);
        var writer = new TextfileWriter(Path.Combine(dir, "limittop.prom"));
        string? error = "(not finished)";
        try
        {
            Assert.True(HostileTree.Finishes(() => error = writer.Write("limittop_up 1\n"), TimeSpan.FromSeconds(30)), "the textfile write blocked on a FIFO");
        }
        finally
        {
            HostileTree.Release(fifo);
        }

        Assert.Null(error);
        Assert.Equal("limittop_up 1\n", File.ReadAllText(Path.Combine(dir, "limittop.prom")));
        Assert.Equal((UnixFileMode)Convert.ToInt32("644", 8), File.GetUnixFileMode(Path.Combine(dir, "limittop.prom")));
    }

    [SkippableFact]
    public void A_link_at_the_temporary_name_is_not_written_through_and_the_write_succeeds()
    {
        Need.Root();
        string dir = _tree.UserDir("node-exporter");
        string victim = Path.Combine(_tree.RootDir("etc"), "cron.allow");
        File.WriteAllText(victim, "root\n");
        HostileTree.AsUser("ln", "-s", victim, Path.Combine(dir, $".limittop.prom.{Environment.ProcessId}.tmp"));

        Assert.Null(new TextfileWriter(Path.Combine(dir, "limittop.prom")).Write("limittop_up 1\n"));

        Assert.Equal("root\n", File.ReadAllText(victim));
        Assert.Equal("limittop_up 1\n", File.ReadAllText(Path.Combine(dir, "limittop.prom")));
        Assert.Single(Directory.GetFiles(dir, ".limittop.prom.*")); // only the planted link: no temporary file left
    }

    public void Dispose() => _tree.Dispose();
}
