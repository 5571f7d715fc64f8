using System.Globalization;

namespace LimitTop.Core.Model;

/// <summary>
/// A kernel log line about a limit: <paramref name="Kind"/> is pids-fork-rejected, oom-kill, conntrack-full,
/// tcp-orphans, syn-flood or file-max; <paramref name="Text"/> is the kernel's message, escaped.
/// </summary>
public sealed record KernelLogEvent(DateTimeOffset Time, string Kind, string Text, int? Pid, string? Name, string? Cgroup)
{
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Time.UtcDateTime:HH':'mm':'ss} kernel: {Text}");
}
