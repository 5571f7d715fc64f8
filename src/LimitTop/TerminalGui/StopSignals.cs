using System.Runtime.InteropServices;

namespace LimitTop.TerminalGui;

/// <summary>
/// SIGTERM, SIGINT and SIGHUP in the Terminal.Gui backend: instead of the default death they call <c>onStop</c>,
/// and the loop leaves through the normal quit, so everything is disposed on the way out (the terminal restored, the
/// refusal witness's trace instance removed: docs/witness.md). The handlers run on the thread that already runs the
/// SIGWINCH handler (QuietLoop); a SIGHUP ignored at start (nohup, HangupTests) stays ignored.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    public StopSignals(Action onStop)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var sig in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
        {
            if (sig == PosixSignal.SIGHUP && HupIgnored())
            {
                continue;
            }

            try
            {
                _registrations.Add(PosixSignalRegistration.Create(sig, ctx =>
                {
                    ctx.Cancel = true;
                    onStop();
                }));
            }
            catch (Exception e) when (e is PlatformNotSupportedException or IOException)
            {
                // the default action stays; the next start removes a trace instance left behind (Core/Witness/StaleInstances)
            }
        }
    }

    /// <summary>SigIgn of /proc/self/status has SIGHUP (bit 0).</summary>
    private static bool HupIgnored()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                {
                    return (Convert.ToUInt64(line[7..].Trim(), 16) & 1) != 0;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // unknown: register, as the runtime would
        }

        return false;
    }

    public void Dispose()
    {
        foreach (var r in _registrations)
        {
            r.Dispose();
        }
    }
}
