using LimitTop.Dashboard;

namespace LimitTop.Tests.Dashboard;

/// <summary>
/// The one home of the controller-level key helpers (the keys a terminal sends are TestSupport's Tmux); here, not
/// in TestSupport, because they name the app's types and TestSupport references Core only.
/// </summary>
internal static class UiKeys
{
    public static UiKey K(SpecialKey k) => UiKey.Of(k);

    public static UiKey K(char c) => UiKey.Of(c);

    /// <summary>Presses <paramref name="keys"/> in turn; each must be handled.</summary>
    public static void Press(DashboardController c, params UiKey[] keys)
    {
        foreach (var k in keys)
        {
            Assert.True(c.HandleKey(k)); // the controller's own: the replay's keys first, the timer re-armed on a new interval
        }
    }
}
