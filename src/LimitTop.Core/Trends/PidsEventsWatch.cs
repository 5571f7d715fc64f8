using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Trends;

/// <summary>
/// An optional wake-up for the sampling loop: an inotify descriptor watching cgroup v2 <c>pids.events</c> (and
/// <c>pids.events.local</c>) files, which the kernel notifies when a fork is refused. The loop's owner adds
/// <see cref="Fd"/> to the poll set it already waits on (POLLIN) and samples at once when it is readable, then
/// calls <see cref="Drain"/>; no thread, no blocking. On cgroup v1 the kernel raises no event for pids.events
/// (docs: README "Forecasts and events"), so v1 cgroups are only polled each tick, which the tracker does
/// anyway — a watch on a v1 file is allowed but stays silent. Watching fails softly: a watch that cannot be
/// added (no such file, inotify limits) is skipped and counted in <see cref="Failed"/>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed unsafe partial class PidsEventsWatch : IDisposable
{
    private const uint InModify = 0x2;
    private const int InNonblock = 0x800;
    private const int InCloexec = 0x80000;

    private readonly HashSet<string> _watched = new(StringComparer.Ordinal);
    private int _fd;

    public PidsEventsWatch()
    {
        _fd = InotifyInit1(InNonblock | InCloexec);
        if (_fd < 0)
        {
            Error = Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>The descriptor to poll for POLLIN; −1 when inotify is not available (<see cref="Error"/>).</summary>
    public int Fd => _fd;

    /// <summary>errno of inotify_init1 when <see cref="Fd"/> is −1.</summary>
    public int Error { get; }

    public int Watched => _watched.Count;

    public int Failed { get; private set; }

    /// <summary>Adds a watch on <paramref name="path"/> (once per path); false when it cannot.</summary>
    public bool Watch(string path)
    {
        if (_fd < 0 || _watched.Contains(path))
        {
            return _fd >= 0;
        }

        if (InotifyAddWatch(_fd, path, InModify) < 0)
        {
            Failed++;
            return false;
        }

        _watched.Add(path);
        return true;
    }

    /// <summary>Reads every pending event without blocking; true when at least one arrived since the last call.</summary>
    public bool Drain()
    {
        if (_fd < 0)
        {
            return false;
        }

        bool any = false;
        byte* buf = stackalloc byte[4096];
        while (true)
        {
            ssize_t n = read(_fd, buf, 4096);
            if (n <= 0)
            {
                return any; // EAGAIN: nothing more pending
            }

            any = true;
        }
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            close(_fd);
            _fd = -1;
        }
    }

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit1(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InotifyAddWatch(int fd, string path, uint mask);
}
