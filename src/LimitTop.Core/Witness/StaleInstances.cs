using System.Globalization;

namespace LimitTop.Core.Witness;

/// <summary>
/// Removes <c>instances/limittop-PID</c> left by a limittop that was SIGKILLed. An instance is kept when its PID
/// is a live limittop (comm <c>limittop</c>), and the kernel itself refuses to remove one whose files are open
/// (rmdir answers EBUSY while the owner holds trace_pipe), so a running limittop — or a test host — keeps its own.
/// </summary>
internal static class StaleInstances
{
    public static IReadOnlyList<string> Remove(string instancesDir, string proc)
    {
        var removed = new List<string>();
        IEnumerable<string> dirs;
        try
        {
            dirs = Directory.EnumerateDirectories(instancesDir, TraceInstance.Prefix + "*").ToList();
        }
        catch (IOException)
        {
            return removed;
        }
        catch (UnauthorizedAccessException)
        {
            return removed;
        }

        foreach (string dir in dirs)
        {
            string name = Path.GetFileName(dir);
            if (!int.TryParse(name.AsSpan(TraceInstance.Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                || pid == Environment.ProcessId || IsLiveLimittop(proc, pid))
            {
                continue;
            }

            // No write before the rmdir: an instance whose owner is alive (EBUSY) is left exactly as it was;
            // removing one also disables its events.
            if (TraceFiles.RemoveDirectory(dir) == 0)
            {
                removed.Add(name);
            }
        }

        return removed;
    }

    private static bool IsLiveLimittop(string proc, int pid)
    {
        string? comm = TraceFiles.ReadText(Path.Combine(proc, pid.ToString(CultureInfo.InvariantCulture), "comm"));
        return comm is not null && comm.TrimEnd('\n') == "limittop";
    }
}
