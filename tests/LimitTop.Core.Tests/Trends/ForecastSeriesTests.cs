using LimitTop.Core.Trends;
using LimitTop.Core.Model;

namespace LimitTop.Core.Tests.Trends;

/// <summary>
/// The forecast on synthetic series fed at 1 s: it appears only for a steady trend and is right within the
/// tolerance each case states; it does not flicker (hysteresis).
/// </summary>
public sealed class ForecastSeriesTests
{
    private const long Max = 10_000;

    /// <summary>Feeds f(t) for t = 0 … seconds−1 and returns the forecast of every tick.</summary>
    private static Forecast[] Run(int seconds, Func<int, double> f, long? max = Max)
    {
        var store = new SeriesStore();
        var forecaster = new Forecaster();
        var result = new Forecast[seconds];
        for (int t = 0; t < seconds; t++)
        {
            var s = store.Add("user:bob", Figures.Tasks, t, (float)Math.Round(f(t)))!;
            result[t] = forecaster.Step(s, max, t);
        }

        return result;
    }

    /// <summary>How often the forecast appeared or disappeared.</summary>
    private static int Flips(Forecast[] run)
        => run.Zip(run.Skip(1)).Count(p => (p.First.RatePerMinute is null) != (p.Second.RatePerMinute is null));

    private static double Noise(Random r, double sigma)
        => sigma * Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Fact]
    public void Steady_growth_is_forecast_from_the_minimum_points_on_and_is_exact_within_2_percent()
    {
        // +30 tasks/min from 1,000: full (10,000) at t = 18,000 s.
        var run = Run(150, t => 1000 + 0.5 * t);
        Assert.All(run[..SteadyRule.MinPoints], f => Assert.Null(f.RatePerMinute));
        Assert.NotNull(run[SteadyRule.MinPoints + SteadyRule.EnterTicks].RatePerMinute);
        Assert.Equal(1, Flips(run));
        var last = run[^1];
        Assert.InRange(last.RatePerMinute!.Value, 29.4, 30.6);
        double truth = (Max - (1000 + 0.5 * 149)) / 0.5;
        Assert.InRange(last.ExhaustedIn!.Value.TotalSeconds, truth * 0.98, truth * 1.02);
    }

    [Fact]
    public void Noisy_growth_is_forecast_within_10_percent()
    {
        var r = new Random(13);
        var run = Run(180, t => 1000 + 0.5 * t + Noise(r, 3));
        Assert.InRange(run[^1].RatePerMinute!.Value, 27, 33);
        Assert.True(run[^60..].All(f => f.RatePerMinute is not null), "steady once shown");
        Assert.True(Flips(run) <= 1, $"flipped {Flips(run)} times");
    }

    [Fact]
    public void Growth_under_a_sawtooth_is_forecast_within_15_percent()
    {
        // A worker pool that grows to +12 and is reaped every 20 s, on top of a +12 tasks/min leak.
        var run = Run(180, t => 500 + 0.2 * t + (t % 20) * 0.6);
        Assert.InRange(run[^1].RatePerMinute ?? double.NaN, 10.2, 13.8);
        Assert.True(Flips(run) <= 1, $"flipped {Flips(run)} times");
    }

    [Fact]
    public void A_sawtooth_without_growth_is_never_forecast()
    {
        var run = Run(300, t => 500 + (t % 20) * 0.6);
        Assert.All(run, f => Assert.Null(f.RatePerMinute));
    }

    [Fact]
    public void A_step_is_never_forecast()
    {
        var r = new Random(5);
        var clean = Run(400, t => t < 150 ? 100 : 160);
        Assert.All(clean, f => Assert.Null(f.RatePerMinute));
        var noisy = Run(400, t => (t < 150 ? 100 : 160) + Noise(r, 1));
        Assert.All(noisy, f => Assert.Null(f.RatePerMinute));
    }

    [Fact]
    public void A_steady_decline_has_a_negative_rate_and_no_exhaustion()
    {
        var run = Run(150, t => 5000 - 0.5 * t);
        Assert.InRange(run[^1].RatePerMinute!.Value, -30.6, -29.4);
        Assert.All(run, f => Assert.Null(f.ExhaustedIn));
    }

    [Fact]
    public void A_flat_series_and_a_one_task_jitter_are_never_forecast()
    {
        Assert.All(Run(300, _ => 700), f => Assert.Null(f.RatePerMinute));
        var r = new Random(1);
        Assert.All(Run(300, _ => 700 + r.Next(2)), f => Assert.Null(f.RatePerMinute));
    }

    [Fact]
    public void A_slow_rise_below_three_units_per_window_is_not_a_trend()
    {
        // +1 task per minute: 2 per 120 s window, under EnterRise.
        Assert.All(Run(300, t => 100 + t / 60), f => Assert.Null(f.RatePerMinute));
    }

    [Fact]
    public void Hysteresis_keeps_a_forecast_through_a_short_stall_and_drops_it_after_a_long_one()
    {
        // Growth for 120 s, then flat: the stay rule holds while the window still rises, so it goes once, late.
        var run = Run(400, t => 100 + 0.5 * Math.Min(t, 120));
        Assert.Equal(2, Flips(run));
        Assert.NotNull(run[130].RatePerMinute);
        Assert.Null(run[^1].RatePerMinute);
    }

    [Fact]
    public void Gate_needs_two_passes_to_show_and_three_failures_to_hide()
    {
        var g = new SteadyGate();
        Assert.False(g.Step(true));
        Assert.True(g.Step(true));
        Assert.True(g.Step(false));
        Assert.True(g.Step(false));
        Assert.True(g.Step(true)); // a pass resets the run of failures
        Assert.True(g.Step(false));
        Assert.True(g.Step(false));
        Assert.False(g.Step(false));
    }

    [Fact]
    public void At_the_limit_the_time_left_is_zero_and_unlimited_has_none()
    {
        Assert.Equal(TimeSpan.Zero, Run(100, t => 9_990 + 0.5 * t)[^1].ExhaustedIn);
        var unlimited = Run(100, t => 100 + 0.5 * t, max: null)[^1];
        Assert.NotNull(unlimited.RatePerMinute);
        Assert.Null(unlimited.ExhaustedIn);
    }

    [Fact]
    public void Robust_rate_ignores_a_burst_that_least_squares_would_follow()
    {
        var pts = Enumerable.Range(0, 120).Select(t => new SeriesPoint(t, 100 + t * 0.25f + (t is >= 100 and < 110 ? 200 : 0))).ToArray();
        var fit = RobustRate.Fit(pts, new double[pts.Length]);
        Assert.InRange(fit.PerSecond, 0.24, 0.26);
    }
}
