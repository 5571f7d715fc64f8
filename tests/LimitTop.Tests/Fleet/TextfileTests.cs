using LimitTop.Tests.Survival;

using Xunit.Abstractions;

namespace LimitTop.Tests.Fleet;

/// <summary>--textfile of the published binary: a reader looping on the file never sees a partial exposition.</summary>
[Collection("survival")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TextfileTests(AotBuild build, ITestOutputHelper output)
{
    [Fact]
    public void A_reader_loop_never_sees_a_partial_file()
    {
        string dir = Directory.CreateTempSubdirectory("limittop-fleet-text-").FullName;
        string file = Path.Combine(dir, "limittop.prom");
        using var lt = HeadlessProcess.Start(build, ["--textfile", file], metrics: false, interval: 0.2);
        // ten versions at least (ticks, however late a busy machine runs them); the hang bound ends a writer that stopped
        var hang = DateTime.UtcNow.AddSeconds(60);
        int reads = 0, versions = 0;
        string last = "";
        while (versions < 10 && DateTime.UtcNow < hang)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (FileNotFoundException)
            {
                continue; // before the first tick
            }

            reads++;
            Assert.StartsWith("# HELP limittop_user_tasks ", text, StringComparison.Ordinal);
            Assert.EndsWith("limittop_sample_duration_seconds " + text.Split('\n')[^2].Split(' ')[^1] + "\n", text, StringComparison.Ordinal);
            Assert.Contains("# TYPE limittop_scrape_errors_total counter\n", text, StringComparison.Ordinal);
            if (text != last)
            {
                versions++;
                last = text;
            }
        }

        output.WriteLine($"{reads} reads, {versions} versions");
        Assert.True(versions >= 10, $"the file was rewritten each tick ({versions} versions before the hang bound)");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(file) & (UnixFileMode)0x1FF);
        Assert.Equal(0, lt.Stop());
        Assert.Single(Directory.GetFiles(dir)); // no temporary file left beside it
        Directory.Delete(dir, recursive: true);
    }
}
