using LimitTop.Dashboard;

namespace LimitTop.Tests.Dashboard;

/// <summary>The help page's mode note: what a backend cannot do (the single-thread mode reads no mouse).</summary>
public sealed class HelpPageTests
{
    [Fact]
    public void The_mode_note_takes_the_blank_row_after_the_key_list_and_the_page_keeps_its_length()
    {
        var plain = HelpPage.Draw(120, 60).Select(l => l.Text).ToList();
        var noted = HelpPage.Draw(120, 60, "  Mouse      not read here").Select(l => l.Text).ToList();
        int ctrlZ = plain.FindIndex(t => t.StartsWith("  Ctrl+Z", StringComparison.Ordinal));
        Assert.True(ctrlZ > 0);
        Assert.Equal("", plain[ctrlZ + 1].Trim());
        Assert.Equal("  Mouse      not read here", noted[ctrlZ + 1]);
        Assert.Equal(plain.Count, noted.Count);
        Assert.Equal(plain.Where((_, i) => i != ctrlZ + 1), noted.Where((_, i) => i != ctrlZ + 1));
    }

    [Fact]
    public void The_frame_shows_the_note_only_when_the_backend_sets_one()
    {
        var controller = new DashboardController(TimeSpan.FromSeconds(1));
        controller.Input.Execute(Command.Help);
        Assert.Equal(Mode.Help, controller.State.Mode);
        Assert.DoesNotContain(Rows(controller), r => r.Contains("not read", StringComparison.Ordinal));
        controller.State.ModeNote = LimitTop.RawTerminal.RawDashboard.MouseNote;
        Assert.Contains(LimitTop.RawTerminal.RawDashboard.MouseNote, Rows(controller));
    }

    private static IEnumerable<string> Rows(DashboardController c)
    {
        var f = c.Frame(120, 40, DateTimeOffset.UnixEpoch);
        return Enumerable.Range(0, f.Height).Select(f.Row);
    }
}
