using LimitTop.Core.Model;
namespace LimitTop.Core.Trends;

/// <summary>A fitted line over a window: the rate, how well the points follow it, and what it was fitted on.</summary>
public readonly record struct RateFit(double PerSecond, double Intercept, double ResidualSpread, int Points, int SpanSeconds)
{
    /// <summary>How far the line rises over the window, in units of the residual spread (signal to noise).</summary>
    public double RiseOverNoise => ResidualSpread > 0 ? Math.Abs(PerSecond * SpanSeconds) / ResidualSpread : double.PositiveInfinity;
}

/// <summary>
/// The rate of a series, robustly: a Theil–Sen estimator restricted to pairs half a window apart — the median of
/// the slopes (y[i + n/2] − y[i]) / (t[i + n/2] − t[i]). Why this and not least squares: a leak under a worker
/// pool is a sawtooth (threads come and go each second) with outliers (a burst that is reaped at once); a median
/// of slopes ignores up to half the pairs being wild, where one burst drags a least-squares line. Why pairs half a
/// window apart and not all n²/2 pairs: each slope then spans half the window, so any saw shorter than that
/// averages out inside every slope, and the cost is O(n log n) per series (n ≤ 180) instead of O(n² log n) —
/// hundreds of series are fitted each second within the 1 ms/s the history may cost. The spread of the residuals
/// around the line (1.4826 × their median absolute deviation, ≈ σ for Gaussian noise) says how steady it is.
/// </summary>
public static class RobustRate
{
    /// <summary>Fits <paramref name="points"/> (oldest first); <paramref name="scratch"/> needs points.Length doubles.</summary>
    public static RateFit Fit(ReadOnlySpan<SeriesPoint> points, Span<double> scratch)
    {
        int n = points.Length;
        if (n < 4)
        {
            return new RateFit(0, n > 0 ? points[^1].Value : 0, 0, n, n > 1 ? points[^1].Second - points[0].Second : 0);
        }

        int half = n / 2, m = 0;
        for (int i = 0; i + half < n; i++)
        {
            int dt = points[i + half].Second - points[i].Second;
            if (dt > 0)
            {
                scratch[m++] = (points[i + half].Value - points[i].Value) / (double)dt;
            }
        }

        double slope = m > 0 ? Median(scratch[..m]) : 0;
        int t0 = points[0].Second;
        for (int i = 0; i < n; i++)
        {
            scratch[i] = points[i].Value - slope * (points[i].Second - t0);
        }

        double intercept = Median(scratch[..n]);
        for (int i = 0; i < n; i++)
        {
            scratch[i] = Math.Abs(points[i].Value - (intercept + slope * (points[i].Second - t0)));
        }

        double spread = 1.4826 * Median(scratch[..n]);
        return new RateFit(slope, intercept, spread, n, points[^1].Second - t0);
    }

    /// <summary>Median, in place (reorders the span): quickselect, O(n) on average.</summary>
    internal static double Median(Span<double> v)
    {
        int n = v.Length;
        double upper = Select(v, n / 2);
        if (n % 2 == 1)
        {
            return upper;
        }

        // After the select everything left of n/2 is ≤ it: the lower middle is their maximum.
        double lower = double.NegativeInfinity;
        foreach (double x in v[..(n / 2)])
        {
            lower = Math.Max(lower, x);
        }

        return (lower + upper) / 2;
    }

    /// <summary>The k-th smallest value (0-based); leaves smaller values left of k and larger right (Hoare).</summary>
    private static double Select(Span<double> v, int k)
    {
        int lo = 0, hi = v.Length - 1;
        while (lo < hi)
        {
            double pivot = v[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (v[i] < pivot)
                {
                    i++;
                }

                while (v[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (v[i], v[j]) = (v[j], v[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }

        return v[k];
    }
}
