using System.Runtime.CompilerServices;
using Terminal.Gui.App;

namespace LimitTop.TerminalGui;

/// <summary>
/// Terminal.Gui 2.5.0 builds its clipboard while the driver is created inside Init, and on Linux that runs
/// <c>bash -c "which xclip"</c> (a fork and exec) — there is no setting for it. Its process runner returns
/// at once when stdin is redirected, so for the duration of Init we make <see cref="Console.IsInputRedirected"/>
/// read true (the clipboard then falls back to its in-memory one), and let it be recomputed afterwards.
/// If the runtime ever renames that cached field, PATH is emptied instead so "bash" cannot be resolved
/// (Process.Start fails before forking). The end-to-end strace test proves no exec either way.
/// </summary>
public static class NoSpawn
{
    public static void Init(IApplication app)
    {
        bool patched = false;
        try
        {
            TerminalGuiPatches.StdInRedirected(null) = new StrongBox<bool>(true);
            patched = true;
        }
        catch (MissingFieldException)
        {
        }

        string? path = Environment.GetEnvironmentVariable("PATH");
        if (!patched)
        {
            Environment.SetEnvironmentVariable("PATH", "");
        }

        try
        {
            app.Init();
        }
        finally
        {
            if (patched)
            {
                TerminalGuiPatches.StdInRedirected(null) = null;
            }
            else
            {
                Environment.SetEnvironmentVariable("PATH", path);
            }
        }
    }
}
