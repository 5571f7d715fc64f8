using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Native;

namespace LimitTop.Core.Witness;

/// <summary>
/// Where tracefs is: /sys/kernel/tracing (mounted there by limittop when the kernel has tracefs but nothing
/// mounted it, as on this VM at boot, docs/kernel-limits.md §17), else the old debugfs path.
/// </summary>
internal static class TracefsLocator
{
    /// <summary>Root: the tracefs directory, or null with <paramref name="Failure"/>; Note: "; mounted …" when limittop mounted it.</summary>
    public readonly record struct Located(string? Root, string Note, WitnessStatus? Failure);

    public static Located Locate(WitnessOptions options)
    {
        if (options.TracefsRoot is { } given)
        {
            return HasInstances(given)
                ? new Located(given, "", null)
                : new Located(null, "", WitnessStatus.Down("no-tracefs", $"{given} has no instances directory"));
        }

        string tracing = Path.Combine(options.Sys, "kernel", "tracing");
        if (HasInstances(tracing))
        {
            return new Located(tracing, "", null);
        }

        string? filesystems = TraceFiles.ReadText(Path.Combine(options.Proc, "filesystems"));
        bool known = filesystems is not null && filesystems.Contains("\ttracefs", StringComparison.Ordinal);
        WitnessStatus? mountFailure = null;
        if (known && Directory.Exists(tracing))
        {
            int e = TraceFiles.MountTracefs(tracing);
            if (e == 0 && HasInstances(tracing))
            {
                return new Located(tracing, "; limittop mounted tracefs at " + tracing, null);
            }

            mountFailure = TraceInstance.Failure(e == 0 ? Errno.ENOENT : e, "cannot mount tracefs at " + tracing);
        }

        string debug = Path.Combine(options.Sys, "kernel", "debug", "tracing");
        if (HasInstances(debug))
        {
            return new Located(debug, "", null);
        }

        return new Located(null, "", mountFailure ?? WitnessStatus.Down("no-tracefs",
            "this kernel has no tracefs (not in /proc/filesystems: CONFIG_TRACING)"));
    }

    private static bool HasInstances(string root) => Directory.Exists(Path.Combine(root, "instances"));
}
