using LimitTop.Core.Platform;
using System.Globalization;
using System.Text;
using LimitTop.Core.Cgroups;
using LimitTop.Core.Procfs;
using LimitTop.Core.Native;

namespace LimitTop.Core.Actions;

/// <summary>Writes a new pids.max for a pids cgroup (v1 under /sys/fs/cgroup/pids, v2 in the unified hierarchy).</summary>
public sealed class CgroupLimitWriter : IDisposable
{
    private readonly CgroupFs _cgroups;
    private readonly bool _owned;

    /// <summary>Writes through <paramref name="cgroups"/> (the sampler's <see cref="Sampling.Sampler.Cgroups"/>; not disposed here).</summary>
    public CgroupLimitWriter(CgroupFs cgroups)
    {
        ArgumentNullException.ThrowIfNull(cgroups);
        _cgroups = cgroups;
    }

    /// <summary>Opens a cgroup filesystem of its own over <paramref name="root"/> (tests, tools without a sampler).</summary>
    public CgroupLimitWriter(ProcRoot root)
        : this(CgroupFs.Open(root))
    {
        _owned = true;
    }

    /// <summary>The pids.max file of a cgroup under the sys root; null when the hierarchy is unknown.</summary>
    public string? PidsMaxPath(int version, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _cgroups.FilePath(version, path, "pids.max");
    }

    /// <summary>True when the cgroup has a pids.max (checked through the held /sys, so a name that is not UTF-8 is found).</summary>
    public bool HasPidsMax(int version, string path) => _cgroups.Exists(version, path, "pids.max");

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
        string before = ReadTrimmed(version, path) ?? "?";
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

        string after = ReadTrimmed(version, path) ?? value;
        return new ActionResult(true, $"pids.max of {path}: {before} → {after}");
    }

    private string? ReadTrimmed(int version, string path)
        => _cgroups.TryRead(version, path, "pids.max", out var c, out _) ? Encoding.UTF8.GetString(c).Trim() : null;

    public void Dispose()
    {
        if (_owned)
        {
            _cgroups.Dispose();
        }
    }
}
