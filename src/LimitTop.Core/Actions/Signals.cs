using static Tmds.Linux.LibC;

namespace LimitTop.Core.Actions;

/// <summary>A signal the kill dialog offers.</summary>
/// <param name="Name">Without the SIG prefix: "TERM".</param>
/// <param name="Terminates">
/// True for the signals used to end processes (TERM, KILL, INT, QUIT): a group kill with them repeats until the
/// group is gone. Others (HUP, STOP, CONT, USR1, USR2) usually mean "reload/pause/resume/poke" and are sent once.
/// </param>
public sealed record SignalChoice(string Name, int Number, bool Terminates, string Meaning)
{
    /// <summary>"TERM (15)".</summary>
    public string Label => $"{Name} ({Number})";

    public override string ToString() => Label;
}

/// <summary>The dialog's signal list, in display order; the first is preselected.</summary>
public static class Signals
{
    public static SignalChoice Term { get; } = new("TERM", SIGTERM, true, "ask to exit");
    public static SignalChoice Kill { get; } = new("KILL", SIGKILL, true, "end at once (cannot be caught)");
    public static SignalChoice Int { get; } = new("INT", SIGINT, true, "interrupt, like Ctrl-C");
    public static SignalChoice Hup { get; } = new("HUP", SIGHUP, false, "hang up / reload");
    public static SignalChoice Quit { get; } = new("QUIT", SIGQUIT, true, "quit with core dump");
    public static SignalChoice Stop { get; } = new("STOP", SIGSTOP, false, "pause (cannot be caught)");
    public static SignalChoice Cont { get; } = new("CONT", SIGCONT, false, "resume after STOP");
    public static SignalChoice Usr1 { get; } = new("USR1", SIGUSR1, false, "user signal 1");
    public static SignalChoice Usr2 { get; } = new("USR2", SIGUSR2, false, "user signal 2");

    /// <summary>TERM first (the default), then KILL, INT, HUP, QUIT, STOP, CONT, USR1, USR2.</summary>
    public static IReadOnlyList<SignalChoice> Choices { get; } = [Term, Kill, Int, Hup, Quit, Stop, Cont, Usr1, Usr2];

    public static SignalChoice Default => Choices[0];

    /// <summary>Finds a choice by name ("TERM", "SIGTERM", "term") or number ("15").</summary>
    public static SignalChoice? Find(string nameOrNumber)
    {
        string n = nameOrNumber.Trim();
        if (n.StartsWith("SIG", StringComparison.OrdinalIgnoreCase))
        {
            n = n[3..];
        }

        foreach (var c in Choices)
        {
            if (string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase) || c.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == n)
            {
                return c;
            }
        }

        return null;
    }
}
