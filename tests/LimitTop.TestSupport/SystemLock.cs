using System.Diagnostics;

namespace LimitTop.TestSupport;

/// <summary>
/// flock /tmp/limittop-system.lock, held by a <c>flock … sh -c 'echo locked; exec cat'</c> child until its
/// stdin closes: every change to a system-wide setting (threads-max) happens inside it, for a few seconds. Shared by
/// Core's witness tests and the product's.
/// </summary>
public sealed class SystemLock : IDisposable
{
    private readonly Process _holder;

    private SystemLock(Process holder) => _holder = holder;

    public static SystemLock Acquire()
    {
        var psi = new ProcessStartInfo("flock")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "/tmp/limittop-system.lock", "sh", "-c", "echo locked; exec cat" })
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        var line = p.StandardOutput.ReadLineAsync();
        Assert.True(line.Wait(TimeSpan.FromMinutes(5)), "/tmp/limittop-system.lock was held for 5 minutes");
        Assert.Equal("locked", line.Result);
        return new SystemLock(p);
    }

    public void Dispose()
    {
        _holder.StandardInput.Close();
        if (!_holder.WaitForExit(10_000))
        {
            _holder.Kill();
        }

        _holder.Dispose();
    }
}
