namespace LimitTop.TestSupport;

/// <summary>Removing a test's own pids cgroup (v1: /sys/fs/cgroup/pids/lt_*).</summary>
public static class CgroupDirectory
{
    /// <summary>
    /// rmdir <paramref name="dir"/>, retried while the kernel answers EBUSY: a killed task leaves the cgroup a moment
    /// after it is reaped. The deadline (default 60 s) only bounds a hang; past it the last error is thrown.
    /// </summary>
    public static void Remove(string dir, TimeSpan? deadline = null)
    {
        var end = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(60));
        while (Directory.Exists(dir))
        {
            try
            {
                Directory.Delete(dir);
            }
            catch (IOException) when (DateTime.UtcNow < end)
            {
                Thread.Sleep(50); // its last tasks are still being reaped
            }
        }
    }
}
