using LimitTop.Core.Model;
namespace LimitTop.Core.Trends;

/// <summary>What a series says about its limit this tick.</summary>
/// <param name="RatePerMinute">The robust rate while the trend is steady (<see cref="SteadyRule"/>); else null.</param>
/// <param name="ExhaustedIn">Time until the limit at that rate; null without a steady rise or without a limit.</param>
/// <param name="Fit">The fit of this tick (zero when the series was flat for the whole window and no fit ran).</param>
public readonly record struct Forecast(double? RatePerMinute, TimeSpan? ExhaustedIn, RateFit Fit)
{
    public static readonly Forecast None = new(null, null, default);
}

/// <summary>
/// Fits a series over the last <see cref="SteadyRule.WindowSeconds"/> and steps its hysteresis gate. Reuses one
/// window and one scratch buffer for every series: a tick allocates nothing here. A series that has not changed
/// for a whole window is flat by definition and is not fitted (most users' series, most of the time); one whose
/// last fit failed even the looser stay rule is fitted again only after <see cref="Backoff"/> seconds (noise
/// without a trend costs a fit per 5 s, not per tick; it can delay a new forecast by that much).
/// </summary>
public sealed class Forecaster
{
    public const int Backoff = 5;

    private readonly SeriesPoint[] _window = new SeriesPoint[TieredSeries.FineSlots];
    private readonly double[] _scratch = new double[TieredSeries.FineSlots];

    /// <summary>Steps <paramref name="s"/>'s gate for second <paramref name="now"/> and returns its forecast against <paramref name="max"/>.</summary>
    public Forecast Step(TrackedSeries s, long? max, int now)
    {
        if (!s.Gate.Shown && now - s.LastChangeSecond > SteadyRule.WindowSeconds)
        {
            s.Gate.Step(false);
            return Forecast.None;
        }

        if (!s.Gate.Shown && now < s.NextFit)
        {
            return Forecast.None;
        }

        int n = s.Series.CopyFine(SteadyRule.WindowSeconds, _window);
        var points = _window.AsSpan(0, n);
        var fit = RobustRate.Fit(points, _scratch);
        bool passes = SteadyRule.Passes(fit, fit.PerSecond, fit.PerSecond, s.Gate.Shown);
        if (passes && !s.Gate.Shown)
        {
            // Only a new forecast has to show that both halves of the window agree (a step is not a trend).
            double first = RobustRate.Fit(points[..(n / 2)], _scratch).PerSecond;
            double second = RobustRate.Fit(points[(n / 2)..], _scratch).PerSecond;
            passes = SteadyRule.Passes(fit, first, second, shown: false);
        }

        if (!passes && !s.Gate.Shown && !SteadyRule.Passes(fit, fit.PerSecond, fit.PerSecond, shown: true))
        {
            s.NextFit = now + Backoff;
        }

        if (!s.Gate.Step(passes))
        {
            return new Forecast(null, null, fit);
        }

        TimeSpan? exhausted = null;
        if (fit.PerSecond > 0 && max is { } m && m > 0)
        {
            double end = Math.Max(fit.Intercept + fit.PerSecond * fit.SpanSeconds, s.Series.Latest);
            double seconds = Math.Max(0, (m - end) / fit.PerSecond);
            // at most a century: "never" in practice, and no TimeSpan overflow
            exhausted = TimeSpan.FromSeconds(Math.Min(seconds, 100 * 365.25 * 86400));
        }

        return new Forecast(fit.PerSecond * 60, exhausted, fit);
    }

    /// <summary>The points <see cref="Step"/> fitted for <paramref name="s"/>, for a dump (allocates).</summary>
    public static SeriesPoint[] WindowOf(TrackedSeries s)
    {
        var buf = new SeriesPoint[TieredSeries.FineSlots];
        int n = s.Series.CopyFine(SteadyRule.WindowSeconds, buf);
        return buf[..n];
    }
}
