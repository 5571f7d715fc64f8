using LimitTop.Platform;
using LimitTop.RawTerminal;

namespace LimitTop.Hosting;

/// <summary>
/// The start-up messages and the last-resort handler. Nothing before the dashboard touches System.Console (its
/// first use starts a thread, which may be refused): messages go to fd 2 with write(2). A failure ends in one
/// line and exit 1, never a .NET stack trace.
/// </summary>
internal static class Startup
{
    public const string NotATerminal = "limittop: not a terminal — run it in a terminal (ssh -t), or use --once";

    public const string Advice = "start it before the limit is reached, or run it as root";

    /// <summary>Status bar text of the single-thread mode.</summary>
    public static string SingleThreadStatus(string? refused)
        => refused is null ? "single-thread mode (--single-thread)" : "single-thread mode: the kernel refused a thread (" + refused + ")";

    /// <summary>Both stdin and stdout are terminals (the dashboard needs them; --once does not).</summary>
    public static bool HaveTerminal() => Fd.IsTerminal(Fd.Stdin) && Fd.IsTerminal(Fd.Stdout);

    /// <summary>
    /// An exception nobody caught, on any thread: the terminal back to how it was, one line, exit 1. Installed
    /// first thing in Main; it allocates nothing it does not need and starts no thread.
    /// </summary>
    public static void InstallLastResort()
        => AppDomain.CurrentDomain.UnhandledException += (_, e) => Die(e.ExceptionObject as Exception);

    /// <summary>The one line for a failure at start-up (before the first frame).</summary>
    public static int CannotStart(Exception e, Core.Procfs.ProcRoot? root = null)
    {
        TerminalMode.Restore();
        // a spent task limit is named with what to do; anything else (a bad --proc, …) by its own message
        string line = TaskLimits.Binding(root) is { } limit ? limit + "; " + Advice : OneLine(e.Message);
        Fd.ErrorLine("limittop: cannot start: " + line);
        return 1;
    }

    /// <summary>The one line for a failure of a running dashboard.</summary>
    public static int Stopped(Exception? e)
    {
        TerminalMode.Restore();
        string what = e is null ? "unknown error" : e.GetType().Name + ": " + e.Message;
        string limit = TaskLimits.Binding() is { } l ? " (" + l + ")" : "";
        Fd.ErrorLine("limittop: stopped: " + OneLine(what) + limit);
        return 1;
    }

    private static readonly List<IDisposable> Fatal = [];

    /// <summary>Disposed by the last resort before _exit (the refusal witness's trace instance must not outlive limittop).</summary>
    public static void OnFatal(IDisposable d)
    {
        lock (Fatal)
        {
            Fatal.Add(d);
        }
    }

    private static void Die(Exception? e)
    {
        int rc = Stopped(e);
        lock (Fatal)
        {
            foreach (var d in Fatal)
            {
                try
                {
                    d.Dispose();
                }
                catch (Exception)
                {
                    // dying already: the next start removes what is left (StaleInstances)
                }
            }
        }

        Native.Exit(rc);
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
