using System.Runtime.CompilerServices;

namespace LimitTop.Tests;

/// <summary>
/// Every limittop these tests start inherits an XDG_CONFIG_HOME of the run's own, so no test reads or writes the
/// real ~/.config/limittop/limittop.conf (a sort key pressed in one end-to-end test was saved there and changed the
/// next run's table). World-writable and sticky: the survival scenarios run limittop as other uids.
/// </summary>
internal static class SettingsIsolation
{
    [ModuleInitializer]
    internal static void Isolate()
    {
        string dir = Path.Combine(Path.GetTempPath(), "limittop-tests-config-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(dir, (UnixFileMode)Convert.ToInt32("1777", 8));
        }
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", dir);
    }
}
