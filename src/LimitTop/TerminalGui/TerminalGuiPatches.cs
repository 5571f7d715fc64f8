using System.Reflection;
using System.Runtime.CompilerServices;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;

namespace LimitTop.TerminalGui;

/// <summary>
/// Every place where limittop reaches into Terminal.Gui (or the runtime under it) past its public surface, in one
/// file. Each was written against Terminal.Gui <see cref="Expected"/>; <see cref="VersionProblem"/> refuses any
/// other version at start-up rather than let a patch miss silently (a missed patch forks, or spins a core).
/// </summary>
public static class TerminalGuiPatches
{
    /// <summary>The Terminal.Gui version the patches below were written against and tested with.</summary>
    public static readonly Version Expected = new(2, 5, 0);

    /// <summary>Null when the loaded Terminal.Gui is <see cref="Expected"/>, else a message saying what was found.</summary>
    public static string? VersionProblem()
    {
        var loaded = typeof(Application).Assembly.GetName().Version;
        if (loaded is not null && loaded.Major == Expected.Major && loaded.Minor == Expected.Minor && loaded.Build == Expected.Build)
        {
            return null;
        }

        string found = typeof(Application).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? loaded?.ToString() ?? "an unknown version";
        return $"limittop: Terminal.Gui {found} is loaded, but this build's terminal patches were written for {Expected.ToString(3)} " +
               "(TerminalGui/TerminalGuiPatches.cs); rebuild against " + Expected.ToString(3) + ". --once and --once --json still work.";
    }

    /// <summary>
    /// Ctrl+Z would run "stty" through a shell (a fork): no suspend at all. 2.5.0 binds it by default and offers no
    /// setting to leave it unbound.
    /// </summary>
    public static void DisableSuspend()
    {
        try
        {
            Application.RemoveDefaultKeyBinding(Terminal.Gui.Input.Command.Suspend);
        }
        catch (InvalidOperationException)
        {
            // not bound
        }
    }

    /// <summary>
    /// ApplicationImpl's private component factory: set before Init, it makes the ANSI driver use
    /// <see cref="QuietLoop"/>'s blocking input (2.5.0 takes no factory through its public surface).
    /// </summary>
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_componentFactory")]
    internal static extern ref IComponentFactory? ComponentFactory([UnsafeAccessorType("Terminal.Gui.App.ApplicationImpl, Terminal.Gui")] object app);

    /// <summary>System.Console's cached "stdin is redirected" answer, which <see cref="NoSpawn"/> sets during Init.</summary>
    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "_isStdInRedirected")]
    internal static extern ref StrongBox<bool>? StdInRedirected([UnsafeAccessorType("System.Console, System.Console")] object? console);
}
