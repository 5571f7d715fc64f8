using LimitTop.Core.Actions;
using LimitTop.Core.Model;
using LimitTop.Dashboard;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

/// <summary>Issue 25 item 4: the raise-limit dialog wraps a refusal instead of cutting its cause off.</summary>
public sealed class DialogWrapTests
{
    [Theory]
    [InlineData(84)]
    [InlineData(68)]
    public void A_refusal_in_the_limit_dialog_wraps_and_keeps_its_cause(int width)
    {
        string problem = "nofile of pid 23486: operation not permitted — another user's process needs CAP_SYS_RESOURCE, and this limittop runs as root without it (its capability set drops it)";
        var plans = new[] { new LimitPlan(23486, LimitResource.Nofile, null, null, null, problem) };
        var dialog = new LimitDialog(Proc(23486, 45, user: "uxapp"), plans, null, _ => new ActionResult(true, "ok"));
        var body = dialog.Body(width - 4).Select(l => l.Text).ToList();
        Assert.All(body, l => Assert.True(l.Length <= width - 4, $"'{l}' is wider than {width - 4}"));
        string joined = string.Join(" ", body.Select(l => l.Trim()));
        Assert.Contains("(its capability set drops it)", joined, StringComparison.Ordinal);
    }
}
