namespace LimitTop.Core.Sampling;

public sealed record SamplerOptions
{
    /// <summary>
    /// How often /proc/PID/limits, /proc/PID/cgroup and /proc/PID/cmdline are re-read for a process that was
    /// already seen (a new process is always read at once). Limits change rarely (prlimit, setrlimit).
    /// </summary>
    public TimeSpan SlowInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Count open fds per process.</summary>
    public bool ReadFds { get; init; } = true;

    /// <summary>Socket sampling (histogram, ephemeral ports, per-process sockets); null turns it off.</summary>
    public Sockets.SocketSamplerOptions? Sockets { get; init; } = new();
}
