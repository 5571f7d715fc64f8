using LimitTop.Core.Native;

namespace LimitTop.Core.Procfs;

/// <summary>The pids-controller placement of a process, from /proc/PID/cgroup; the path decoded losslessly (<see cref="PathBytes"/>).</summary>
public readonly record struct PidsCgroupRef(int Version, string Path);

public static class CgroupParser
{
    /// <summary>
    /// Finds the pids cgroup in /proc/PID/cgroup. A v1 line naming the <c>pids</c> controller wins
    /// (the hybrid layout of this VM); otherwise the v2 line <c>0::PATH</c> is returned when
    /// <paramref name="v2HasPids"/> says the unified hierarchy has the pids controller.
    /// </summary>
    public static bool TryFindPids(ReadOnlySpan<byte> s, bool v2HasPids, out PidsCgroupRef cgroup)
    {
        cgroup = default;
        ReadOnlySpan<byte> v2 = default;
        bool haveV2 = false;
        while (Parse.NextLine(ref s, out var line))
        {
            int c1 = line.IndexOf((byte)':');
            if (c1 < 0)
            {
                continue;
            }

            var rest = line[(c1 + 1)..];
            int c2 = rest.IndexOf((byte)':');
            if (c2 < 0)
            {
                continue;
            }

            var controllers = rest[..c2];
            var path = rest[(c2 + 1)..];
            if (controllers.IsEmpty && line[..c1].SequenceEqual("0"u8))
            {
                v2 = path;
                haveV2 = true;
                continue;
            }

            foreach (var range in controllers.Split((byte)','))
            {
                if (controllers[range].SequenceEqual("pids"u8))
                {
                    cgroup = new PidsCgroupRef(1, PathBytes.Decode(path));
                    return true;
                }
            }
        }

        if (haveV2 && v2HasPids)
        {
            cgroup = new PidsCgroupRef(2, PathBytes.Decode(v2));
            return true;
        }

        return false;
    }

    /// <summary>Parses the <c>max N</c> line of pids.events or pids.events.local.</summary>
    public static bool TryParseEventsMax(ReadOnlySpan<byte> s, out long max)
    {
        max = 0;
        while (Parse.NextLine(ref s, out var line))
        {
            var f = Parse.NextField(ref line);
            if (f.SequenceEqual("max"u8))
            {
                return Parse.TryLong(Parse.NextField(ref line), out max);
            }
        }

        return false;
    }
}
