using System.Diagnostics;

namespace LimitTop.TestSupport;

/// <summary>
/// The one way a test waits: for a CONDITION (a tick counter, a file, a screen text, a /proc state), polled, with a
/// deadline that only bounds a hang. CI runs on a busy 2-core machine, so a deadline is never a speed assertion:
/// any deadline shorter than <see cref="HangBound"/> is raised to it. Speed belongs in tests/LimitTop.Benchmarks.
/// </summary>
public static class Eventually
{
    /// <summary>The shortest deadline any wait gets.</summary>
    public static readonly TimeSpan HangBound = TimeSpan.FromSeconds(30);

    /// <summary><paramref name="asked"/>, or <see cref="HangBound"/> when that is longer.</summary>
    public static TimeSpan Generous(TimeSpan? asked) => asked is { } a && a > HangBound ? a : HangBound;

    /// <summary>
    /// Polls <paramref name="condition"/> every <paramref name="pollMs"/> ms until it holds; fails with "never
    /// happened: <paramref name="what"/>" (and <paramref name="state"/>, what was seen last) at the deadline.
    /// </summary>
    public static void Until(Func<bool> condition, string what, TimeSpan? deadline = null, int pollMs = 50, Func<string>? state = null)
    {
        if (!Within(condition, deadline, pollMs))
        {
            Assert.Fail($"never happened within {Generous(deadline).TotalSeconds:0} s: {what}" + (state is null ? "" : "; last seen: " + state()));
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value, and returns that value; fails like <see cref="Until"/>.</summary>
    public static T Value<T>(Func<T?> probe, string what, TimeSpan? deadline = null, int pollMs = 50, Func<string>? state = null)
        where T : class
    {
        T? value = null;
        Until(() => (value = probe()) is not null, what, deadline, pollMs, state);
        return value!;
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value (struct flavour).</summary>
    public static T Struct<T>(Func<T?> probe, string what, TimeSpan? deadline = null, int pollMs = 50, Func<string>? state = null)
        where T : struct
    {
        T? value = null;
        Until(() => (value = probe()) is not null, what, deadline, pollMs, state);
        return value!.Value;
    }

    /// <summary>
    /// True once <paramref name="condition"/> holds, false at the deadline; for the callers that say themselves
    /// what a hang means (a process that never exits, so it is killed).
    /// </summary>
    public static bool Within(Func<bool> condition, TimeSpan? deadline = null, int pollMs = 50)
    {
        var bound = Generous(deadline);
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > bound)
            {
                return false;
            }

            Thread.Sleep(pollMs);
        }

        return true;
    }
}
