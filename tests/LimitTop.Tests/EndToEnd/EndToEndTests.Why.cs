using System.Diagnostics;
using System.Globalization;

namespace LimitTop.Tests.EndToEnd;

/// <summary>Enter's explanation panel and the tree view (t), in a real terminal.</summary>
public sealed partial class EndToEndTests
{
    [SkippableFact]
    public void Enter_explains_the_selected_process_and_t_shows_the_tree()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", "299") { UseShellExecute = false })!;
        try
        {
            string pid = child.Id.ToString(CultureInfo.InvariantCulture);
            using var tmux = Tmux.Start(180, 45); // wide enough for the Δ/min columns beside a whole COMMAND
            tmux.Type(Tmux.LimittopCommand);
            tmux.Keys("Enter");
            tmux.WaitFor("PROCESSES");

            // filter to the child's PID: it is the only row, so it is selected
            tmux.Keys("\\");
            tmux.Type(pid);
            tmux.Keys("Enter");
            tmux.WaitFor(s => RowOf(s, child.Id).Length > 3, TimeSpan.FromSeconds(5), "the sleep's row");

            tmux.Keys("Enter");
            string panel = tmux.WaitFor($"WHY pid {pid} (sleep)");
            output.WriteLine(panel);
            Assert.Contains($"pid {pid} (sleep, user root)", panel, StringComparison.Ordinal);
            Assert.Matches(@"binds at [\d,]+ of [\d,]+|binds +\S", panel); // the binding limit, in the sentence and the checks
            Assert.Contains("checks of its next task", panel, StringComparison.Ordinal);
            Assert.Contains("Esc close", panel, StringComparison.Ordinal);

            tmux.Keys("Escape");
            tmux.WaitFor(s => s.Contains("PROCESSES", StringComparison.Ordinal) && !s.Contains("WHY pid", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the table back");

            tmux.Keys("t");
            string tree = tmux.WaitFor("tree, Σ = tasks of the subtree");
            output.WriteLine(tree);
            // the filter keeps the sleep's ancestors: this test host above it, pid 1 at the top
            Assert.Contains("└─ sleep 299", tree, StringComparison.Ordinal);
            Assert.Matches(@"\n +1 .*Σ[\d,]+ ", tree);

            tmux.Keys("q");
            tmux.WaitForShell();
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }
}
