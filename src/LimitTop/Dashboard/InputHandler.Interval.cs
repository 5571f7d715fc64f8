using System.Globalization;

namespace LimitTop.Dashboard;

/// <summary>
/// The refresh interval from the keyboard (htop's F2 → Display, btop's +/-; here ( and ), since - and + fold the
/// tree): a ladder of steps, saved to limittop.conf's <c>interval</c>. The backend re-arms its timer
/// (<see cref="DashboardController.IntervalChanged"/>).
/// </summary>
public sealed partial class InputHandler
{
    /// <summary>
    /// What ( and ) step through. Below half a second a box with thousands of threads spends a visible share of a
    /// core on /proc; above a minute the screen is no longer a live view (-d and limittop.conf allow 0.1 … 3600).
    /// </summary>
    public static readonly IReadOnlyList<double> IntervalSteps = [0.5, 1, 2, 3, 5, 10, 30, 60];

    /// <summary>One step shorter (<paramref name="direction"/> &lt; 0) or longer; at either end the status says so.</summary>
    private void ChangeInterval(int direction)
    {
        double now = _state.Interval.TotalSeconds;
        double next = direction < 0
            ? IntervalSteps.LastOrDefault(s => s < now - 1e-9, now)
            : IntervalSteps.FirstOrDefault(s => s > now + 1e-9, now);
        if (next == now)
        {
            _state.Status = string.Create(CultureInfo.InvariantCulture,
                $"refresh every {Cells.Interval(_state.Interval)}: the {(direction < 0 ? "shortest" : "longest")} the keys set ({IntervalSteps[0]:0.#} … {IntervalSteps[^1]:0} s)");
            return;
        }

        _state.Interval = TimeSpan.FromSeconds(next);
        _state.IntervalChosen = true;
        Save("refresh every " + Cells.Interval(_state.Interval));
    }
}
