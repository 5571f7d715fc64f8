using System.Globalization;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;

namespace LimitTop.Core.Actions;

/// <summary>Writes a new pids.max for a pids cgroup (v1 under /sys/fs/cgroup/pids, v2 in the unified hierarchy).</summary>
public sealed class CgroupLimitWriter : IDisposable
{
    private readonly ProcRoot _root;
    private readonly FileReader? _sys;
    private readonly CgroupReader _cgroups;

    public CgroupLimitWriter(ProcRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = root;
        _sys = Directory.Exists(root.Sys) ? new FileReader(root.Sys) : null;
        _cgroups = new CgroupReader(_sys);
    }

    /// <summary>The pids.max file of a cgroup under the sys root; null when the hierarchy is unknown.</summary>
    public string? PidsMaxPath(int version, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _cgroups.FilesystemPath(version, path.TrimEnd('/')) is { } rel ? Path.Combine(_root.Sys, rel, "pids.max") : null;
    }

    /// <summary>Writes <paramref name="max"/> (null = "max", unlimited) and reads it back.</summary>
    public ActionResult SetPidsMax(int version, string path, long? max)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.TrimEnd('/').Length == 0)
        {
            return new ActionResult(false, "the root cgroup has no pids.max", Errno.EINVAL);
        }

        if (max is < 0)
        {
            return new ActionResult(false, $"pids.max of {path}: a limit cannot be negative", Errno.EINVAL);
        }

        if (PidsMaxPath(version, path) is not { } file)
        {
            return new ActionResult(false, $"pids.max of {path}: the v{version} pids hierarchy is not mounted", Errno.ENOENT);
        }

        string value = max is { } m ? m.ToString(CultureInfo.InvariantCulture) : "max";
        string before = ReadTrimmed(file) ?? "?";
        int err = ControlFile.Write(file, value + "\n");
        if (err != 0)
        {
            string why = err switch
            {
                Errno.EACCES or Errno.EPERM => "not permitted — writing pids.max needs root (or a delegated cgroup)",
                Errno.ENOENT => "the cgroup is gone (or has no pids controller)",
                Errno.EINVAL => $"the kernel refused '{value}' (EINVAL)",
                Errno.EROFS => "the cgroup filesystem is read-only (EROFS; inside a container?)",
                _ => Errno.Describe(err),
            };
            return new ActionResult(false, $"pids.max of {path}: {why}", err);
        }

        string after = ReadTrimmed(file) ?? value;
        return new ActionResult(true, $"pids.max of {path}: {before} → {after}");
    }

    private static string? ReadTrimmed(string file)
    {
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose() => _sys?.Dispose();
}
