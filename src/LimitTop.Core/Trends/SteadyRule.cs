namespace LimitTop.Core.Trends;

/// <summary>
/// When a fitted rate means something, with hysteresis so a forecast does not flicker. A forecast appears when,
/// on <see cref="EnterTicks"/> ticks in a row, the window holds at least <see cref="MinPoints"/> points over at
/// least <see cref="MinSpanSeconds"/> seconds, the line rises (or falls) by at least <see cref="EnterRise"/>
/// units over the window (far enough from zero: a task every few minutes is no trend), that rise is at least
/// <see cref="EnterRiseOverNoise"/> times the spread of the residuals (the points follow the line), and the two
/// halves of the window agree on the direction and within a factor of <see cref="HalfRatio"/> (a step or a
/// burst in one half is not a trend). It is hidden again only after <see cref="LeaveTicks"/> ticks in a row fail
/// the looser stay rule: rise ≥ <see cref="StayRise"/> and rise ≥ <see cref="StayRiseOverNoise"/> × spread.
/// </summary>
public static class SteadyRule
{
    public const int WindowSeconds = 120;
    public const int MinPoints = 30;
    public const int MinSpanSeconds = 30;
    public const double EnterRise = 3;
    public const double StayRise = 1.5;
    public const double EnterRiseOverNoise = 4;
    public const double StayRiseOverNoise = 2;
    public const double HalfRatio = 3;
    public const int EnterTicks = 2;
    public const int LeaveTicks = 3;

    /// <summary>Whether <paramref name="fit"/> (with the rates of the window's halves) passes the entry or the stay rule.</summary>
    public static bool Passes(in RateFit fit, double firstHalf, double secondHalf, bool shown)
    {
        if (fit.Points < MinPoints || fit.SpanSeconds < MinSpanSeconds || fit.PerSecond == 0)
        {
            return false;
        }

        double rise = Math.Abs(fit.PerSecond * fit.SpanSeconds);
        if (rise < (shown ? StayRise : EnterRise) || fit.RiseOverNoise < (shown ? StayRiseOverNoise : EnterRiseOverNoise))
        {
            return false;
        }

        return shown || (Agrees(fit.PerSecond, firstHalf) && Agrees(fit.PerSecond, secondHalf));
    }

    private static bool Agrees(double whole, double half)
        => Math.Sign(half) == Math.Sign(whole) && half / whole <= HalfRatio && whole / half <= HalfRatio;
}

/// <summary>The hysteresis state of one series' forecast: shown or not, and the run of passes or failures.</summary>
public struct SteadyGate
{
    private int _run;

    public bool Shown { get; private set; }

    /// <summary>Feeds one tick's verdict; returns whether the forecast is shown now.</summary>
    public bool Step(bool passes)
    {
        if (passes == Shown)
        {
            _run = 0;
            return Shown;
        }

        if (++_run >= (Shown ? SteadyRule.LeaveTicks : SteadyRule.EnterTicks))
        {
            Shown = passes;
            _run = 0;
        }

        return Shown;
    }

    public void Reset()
    {
        Shown = false;
        _run = 0;
    }
}
