using System.Diagnostics;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Why;
using LimitTop.Dashboard;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

/// <summary>
/// The explanation panel (Enter) over the live system: a real child process, the real explainer, real snapshots
/// (as DashboardActions.ForSystem wires it), through the controller's keys and frames.
/// </summary>
public sealed class WhyPanelTests : IDisposable
{
    private readonly Process _child;
    private readonly Sampler _sampler = new(ProcRoot.Default, new SamplerOptions { ReadFds = false, Sockets = null });
    private readonly DashboardController _c = new(TimeSpan.FromSeconds(1));

    public WhyPanelTests()
    {
        _child = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        _c.Input.Explain = (pid, snap) => Explainer.Explain(ProcRoot.Default, pid, snap, _sampler.Cgroups);
        Tick();
        _c.Viewport.SelectPid(_child.Id);
        Assert.Equal(_child.Id, _c.Viewport.SelectedPid);
    }

    public void Dispose()
    {
        if (!_child.HasExited)
        {
            _child.Kill();
            _child.WaitForExit();
        }

        _child.Dispose();
        _sampler.Dispose();
    }

    private void Tick() => _c.OnSnapshot(_sampler.Sample());

    private string Screen(int w = 160, int h = 50) => string.Join("\n", _c.Frame(w, h, Now).Lines.Select(l => l.Text));

    [Fact]
    public void Enter_opens_the_explanation_and_Esc_closes_it()
    {
        _c.Input.HandleKey(UiKey.Of(SpecialKey.Enter));
        Assert.Equal(Mode.Why, _c.State.Mode);
        var why = _c.State.Why!;
        Assert.Equal(_child.Id, why.Pid);
        Assert.NotNull(why.Explanation);
        Assert.Equal(1, why.Refreshes);

        string screen = Screen();
        Assert.Contains($"WHY pid {_child.Id} (sleep)", screen, StringComparison.Ordinal);
        Assert.Contains($"pid {_child.Id} (sleep, user ", screen, StringComparison.Ordinal);
        Assert.Contains("checks of its next task", screen, StringComparison.Ordinal);
        Assert.Contains("binds", screen, StringComparison.Ordinal);
        Assert.Contains("threads-max", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("PROCESSES", screen, StringComparison.Ordinal); // it takes the table's place

        _c.Input.HandleKey(UiKey.Of(SpecialKey.Esc));
        Assert.Equal(Mode.Normal, _c.State.Mode);
        Assert.Null(_c.State.Why);
        Assert.Contains("PROCESSES", Screen(), StringComparison.Ordinal);
        Assert.Equal(_child.Id, _c.Viewport.SelectedPid);
    }

    [Fact]
    public void It_scrolls_by_line_and_page_within_the_text()
    {
        _c.Input.HandleKey(UiKey.Of(SpecialKey.Enter));
        var why = _c.State.Why!;
        Screen(100, 20); // a short terminal: the text is longer than the panel
        Assert.True(why.WrappedLines > why.PageRows, $"{why.WrappedLines} lines in {why.PageRows} rows");

        _c.Input.HandleKey(UiKey.Of(SpecialKey.Down));
        Assert.Equal(1, why.Scroll);
        _c.Input.HandleKey(UiKey.Of(SpecialKey.Up));
        _c.Input.HandleKey(UiKey.Of(SpecialKey.Up));
        Assert.Equal(0, why.Scroll);
        _c.Input.HandleKey(UiKey.Of(SpecialKey.PageDown));
        Assert.Equal(Math.Min(why.PageRows - 1, why.WrappedLines - why.PageRows), why.Scroll);
        _c.Input.HandleKey(UiKey.Of(SpecialKey.End));
        Assert.Equal(why.WrappedLines - why.PageRows, why.Scroll);
        Assert.DoesNotContain("more lines", Screen(100, 20), StringComparison.Ordinal);
        _c.Input.HandleKey(UiKey.Of(SpecialKey.Home));
        Assert.Equal(0, why.Scroll);
        Assert.Contains("more lines (↓ PgDn)", Screen(100, 20), StringComparison.Ordinal);
        Assert.Equal(Mode.Why, _c.State.Mode);
    }

    [Fact]
    public void Each_sample_refreshes_it_and_an_exit_says_process_gone()
    {
        _c.Input.HandleKey(UiKey.Of(SpecialKey.Enter));
        var why = _c.State.Why!;
        Tick();
        Assert.Equal(2, why.Refreshes);
        Assert.False(why.Gone);

        _child.Kill();
        _child.WaitForExit();
        Tick();
        Assert.Equal(3, why.Refreshes);
        Assert.True(why.Gone);
        string screen = Screen();
        Assert.Contains("process gone: ", screen, StringComparison.Ordinal);
        Assert.Contains("checks of its next task", screen, StringComparison.Ordinal); // the last one stays readable
        Assert.Equal(Mode.Why, _c.State.Mode);
    }

    [Fact]
    public void Without_an_explainer_Enter_only_says_so()
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        c.OnSnapshot(Make([Proc(5, 3)]));
        c.Input.HandleKey(UiKey.Of(SpecialKey.Enter));
        Assert.Equal(Mode.Normal, c.State.Mode);
        Assert.Contains("--why PID", c.State.Status, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_lines_wrap_at_spaces_and_control_characters_are_escaped()
    {
        var lines = WhyPanel.Wrap(["aaaa bbbb cccc dddd", "x\u001b[31my"], 10);
        Assert.Equal(["aaaa bbbb", "    cccc", "    dddd", "x\\e[31my"], lines);
    }
}
