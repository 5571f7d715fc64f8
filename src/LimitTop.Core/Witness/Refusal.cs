using LimitTop.Core.Native;
namespace LimitTop.Core.Witness;

/// <summary>One refused task creation, attributed.</summary>
/// <param name="Pid">The process (thread group) of the asking thread <paramref name="Tid"/>.</param>
/// <param name="Name">Escaped: /proc/TID/status Name when it could be read, else the trace's comm.</param>
/// <param name="Cgroup">The pids cgroup that refused, when <paramref name="Limit"/> is pids.max.</param>
/// <param name="AskerCgroup">The asker's pids cgroup (the {limit,cgroup} label), when known.</param>
public readonly record struct Refusal(
    DateTimeOffset Time, int Tid, int Pid, string Name, int? Uid, int Errno, string Limit, string? Cgroup, string? AskerCgroup);

/// <summary>A process's refusals in the last 60 s, one bucket per second (REFUSED column).</summary>
internal sealed class ProcessWindow(string name, int? uid)
{
    private const int Seconds = 60;
    private readonly long[] _counts = new long[Seconds];
    private readonly long[] _second = new long[Seconds];

    public string Name { get; private set; } = name;

    public int? Uid { get; private set; } = uid;

    public string Limit { get; private set; } = "";

    public int Errno { get; private set; }

    public long LastSecond { get; private set; }

    public void Add(in Refusal r, long second, long count)
    {
        int i = (int)(second % Seconds);
        if (_second[i] != second)
        {
            _second[i] = second;
            _counts[i] = 0;
        }

        _counts[i] += count;
        (Name, Uid, Limit, Errno) = (r.Name, r.Uid ?? Uid, r.Limit, r.Errno);
        LastSecond = Math.Max(LastSecond, second);
    }

    /// <summary>Refusals in the 60 seconds up to and including <paramref name="nowSecond"/>.</summary>
    public long LastMinute(long nowSecond)
    {
        long n = 0;
        for (int i = 0; i < Seconds; i++)
        {
            if (_second[i] > nowSecond - Seconds && _second[i] <= nowSecond)
            {
                n += _counts[i];
            }
        }

        return n;
    }
}
