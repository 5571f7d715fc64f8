using System.Globalization;
using Humanizer;
using LimitTop.Core.Model;

namespace LimitTop.Core.Trends;

/// <summary>
/// Puts forecasts into the diagnosis: the finding gains its rate and time to exhaustion, its sentence says it in
/// words ("nproc of user bob full in ~2 hours, 10 minutes at +31 tasks/min"), and the list is ranked by "full
/// soonest" as well as by percent (<see cref="Rank"/>).
/// </summary>
public static class ForecastWords
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A forecast that says full within this long ranks with the critical findings.</summary>
    public static readonly TimeSpan CriticalWithin = TimeSpan.FromMinutes(10);

    /// <summary>… and within this long with the warnings.</summary>
    public static readonly TimeSpan WarningWithin = TimeSpan.FromHours(1);

    /// <summary>The finding with its forecast (the same object when there is none).</summary>
    public static Finding Apply(Finding f, in Forecast fc, IReadOnlyDictionary<string, CgroupName>? names = null)
    {
        if (fc.RatePerMinute is not { } rate)
        {
            return f;
        }

        string words = fc.ExhaustedIn is { } left && left > TimeSpan.Zero
            ? " — " + Sentence(f.Scope, f.Limit, left, rate, names)
            : "";
        return f with { RatePerMinute = rate, ExhaustedIn = fc.ExhaustedIn, Message = f.Message + words };
    }

    /// <summary>"nproc of user bob full in ~2 hours, 10 minutes at +31 tasks/min".</summary>
    /// <param name="names">The cgroups' names (Snapshot.Names): "pids.max of container ltc1 (podman) full in …".</param>
    public static string Sentence(Scope scope, LimitKind limit, TimeSpan left, double ratePerMinute, IReadOnlyDictionary<string, CgroupName>? names = null)
        => limit == LimitKind.KubeletPids // the node's pods as a whole: "the pods' allocatable PIDs full in …"
            ? string.Format(Inv, "the pods' allocatable PIDs full in ~{0} at {1}", Duration(left), Rate(ratePerMinute, Figures.Unit(Figures.ForLimit(limit))))
            : string.Format(Inv, "{0} of {1} full in ~{2} at {3}", limit.Name(),
                CgroupLabels.Words(names, scope), Duration(left),
                Rate(ratePerMinute, Figures.Unit(Figures.ForLimit(limit))));

    /// <summary>"2 hours, 10 minutes", "4 minutes, 5 seconds" (two units; seconds only below an hour).</summary>
    public static string Duration(TimeSpan t)
        => t < TimeSpan.FromSeconds(1)
            ? "0 seconds"
            : t.Humanize(2, Inv, maxUnit: TimeUnit.Day, minUnit: t >= TimeSpan.FromHours(1) ? TimeUnit.Minute : TimeUnit.Second);

    /// <summary>"+31 tasks/min", "−0.5 fds/min".</summary>
    public static string Rate(double perMinute, string unit)
    {
        double a = Math.Abs(perMinute);
        string n = a >= 10 ? a.ToString("N0", Inv) : a.ToString("0.#", Inv);
        return (perMinute < 0 ? "−" : "+") + n + " " + unit + "/min";
    }


    /// <summary>
    /// Ranks findings: a limit refusing task creations now (the refusal witness's count, most first), then a limit spent now (used ≥ max: the next task creation it counts is refused) before
    /// everything else; then by tier — the worse of the finding's severity and its forecast's (full within
    /// <see cref="CriticalWithin"/> counts as critical, within <see cref="WarningWithin"/> as a warning) — and within
    /// the critical tier critical now before critical by forecast; then full soonest first (findings without a forecast after
    /// those with one), then highest percent, then the order given (stable, so equal findings do not swap between
    /// ticks). Without forecasts this is the percent order.
    /// </summary>
    public static IReadOnlyList<Finding> Rank(IReadOnlyList<Finding> findings)
    {
        var order = new int[findings.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            Finding x = findings[a], y = findings[b];
            int c = y.RefusedLastMinute.CompareTo(x.RefusedLastMinute); // refusing now outranks all (the witness saw it)
            if (c == 0)
            {
                c = AtLimit(y).CompareTo(AtLimit(x)); // spent now outranks any forecast (a live outage is the headline)
            }

            if (c == 0)
            {
                c = Tier(y).CompareTo(Tier(x));
            }

            if (c == 0 && Tier(x) == Severity.Critical)
            {
                c = y.Severity.CompareTo(x.Severity); // critical now before critical by forecast
            }

            if (c == 0)
            {
                c = (x.ExhaustedIn ?? TimeSpan.MaxValue).CompareTo(y.ExhaustedIn ?? TimeSpan.MaxValue);
            }

            if (c == 0)
            {
                c = (y.Percent ?? -1).CompareTo(x.Percent ?? -1);
            }

            return c != 0 ? c : a.CompareTo(b);
        });

        var ranked = new Finding[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            ranked[i] = findings[order[i]];
        }

        return ranked;
    }

    /// <summary>True when the finding's limit is spent now: used at or over its max.</summary>
    public static bool AtLimit(Finding f) => f.Max is { } max && f.Used >= max;

    private static Severity Tier(Finding f)
    {
        var byForecast = f.ExhaustedIn is { } t
            ? t <= CriticalWithin ? Severity.Critical : t <= WarningWithin ? Severity.Warning : Severity.Ok
            : Severity.Ok;
        return f.Severity > byForecast ? f.Severity : byForecast;
    }
}
