using LimitTop.Core.Trends;
using LimitTop.Core.Model;

namespace LimitTop.Core.Tests.Trends;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PidsEventsWatchTests
{
    [Fact]
    public void A_modified_watched_file_makes_the_fd_readable_once_and_a_missing_one_is_skipped()
    {
        string dir = Directory.CreateTempSubdirectory("limittop-trend-watch-").FullName;
        try
        {
            string file = Path.Combine(dir, "pids.events");
            File.WriteAllText(file, "max 0\n");
            using var w = new PidsEventsWatch();
            Assert.True(w.Fd >= 0, $"inotify_init1: errno {w.Error}");
            Assert.True(w.Watch(file));
            Assert.True(w.Watch(file)); // once per path
            Assert.False(w.Watch(Path.Combine(dir, "gone", "pids.events")));
            Assert.Equal((1, 1), (w.Watched, w.Failed));
            Assert.False(w.Drain()); // nothing yet, and it does not block

            File.WriteAllText(file, "max 1\n");
            Assert.True(w.Drain());
            Assert.False(w.Drain());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
