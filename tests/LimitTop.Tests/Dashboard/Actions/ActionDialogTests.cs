using System.Text.Json;
using LimitTop.Core.Actions;
using LimitTop.Core.Export;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Dashboard;
using LimitTop.Frames;
using LimitTop.Core.Native;
using static LimitTop.Tests.Dashboard.Actions.ActionDialogBench;
using static LimitTop.Tests.Dashboard.UiKeys;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard.Actions;

/// <summary>
/// The kill dialog through the controller's keys, with stand-ins for the kernel (the live side is in
/// <see cref="ActionEndToEndTests"/>; the dump and limit dialogs in <see cref="DumpAndLimitDialogTests"/>).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ActionDialogTests
{
    [Fact]
    public void K_opens_the_kill_dialog_with_term_and_this_process_preselected_and_enter_sends_term()
    {
        var s = new Setup(Field());
        s.Select(102);
        s.Press(K('k'));
        Assert.Equal(Mode.Dialog, s.Controller.State.Mode);
        var d = Assert.IsType<KillDialog>(s.Controller.State.Dialog);
        Assert.Equal("TERM", d.Signal.Name);
        Assert.Equal(0, d.SignalIndex);
        Assert.Equal(KillScope.Process, d.Target.Scope);
        Assert.Equal(102, d.Process.Pid);

        string frame = s.Frame();
        Assert.Contains("Send a signal", frame, StringComparison.Ordinal);
        Assert.Contains("pid 102  worker", frame, StringComparison.Ordinal);
        Assert.Contains("user alice", frame, StringComparison.Ordinal);
        Assert.Contains("threads 2", frame, StringComparison.Ordinal);
        Assert.Contains("▸ TERM (15)", frame, StringComparison.Ordinal);
        Assert.Contains("Enter sends TERM (15) to pid 102", frame, StringComparison.Ordinal);
        Assert.Contains("Enter send", frame.Split('\n')[^1], StringComparison.Ordinal); // hints in the status bar
        Assert.Empty(s.Kernel.Sent); // nothing before Enter

        s.Press(K(SpecialKey.Enter));
        Assert.Equal([(102, 15)], s.Kernel.Sent);
        Assert.Equal(Mode.Normal, s.Controller.State.Mode);
        Assert.Null(s.Controller.State.Dialog);
        Assert.Equal("sent TERM (15) to pid 102 (worker)", s.Controller.State.Status);
        Assert.Empty(s.Scheduled);
    }

    [Fact]
    public void F9_opens_the_same_dialog_and_the_signal_list_is_in_the_documented_order()
    {
        var s = new Setup(Field());
        s.Select(100);
        s.Press(K(SpecialKey.F9));
        var d = Assert.IsType<KillDialog>(s.Controller.State.Dialog);
        Assert.Equal(["TERM", "KILL", "INT", "HUP", "QUIT", "STOP", "CONT", "USR1", "USR2"], d.SignalChoices.Select(c => c.Name));

        s.Press(K(SpecialKey.Up));
        Assert.Equal("TERM", d.Signal.Name); // clamps at the top
        s.Press(K(SpecialKey.Down));
        Assert.Equal("KILL", d.Signal.Name);
        Assert.Contains("▸ KILL (9)", s.Frame(), StringComparison.Ordinal);
        s.Press(K(SpecialKey.End));
        Assert.Equal("USR2", d.Signal.Name);
        s.Press(K(SpecialKey.Down));
        Assert.Equal("USR2", d.Signal.Name);
        s.Press(K(SpecialKey.Home), K(SpecialKey.Down), K(SpecialKey.Enter));
        Assert.Equal([(100, 9)], s.Kernel.Sent);
    }

    [Fact]
    public void Esc_and_q_cancel_without_sending_or_quitting()
    {
        var s = new Setup(Field());
        s.Select(100);
        s.Press(K('k'), K(SpecialKey.Down), K(SpecialKey.Esc));
        Assert.Equal(Mode.Normal, s.Controller.State.Mode);
        Assert.False(s.Controller.State.QuitRequested);
        Assert.StartsWith("kill cancelled", s.Controller.State.Status, StringComparison.Ordinal);
        s.Press(K('k'), K('q'));
        Assert.Equal(Mode.Normal, s.Controller.State.Mode);
        Assert.False(s.Controller.State.QuitRequested);
        Assert.Empty(s.Kernel.Sent);

        // F10 still quits from inside the dialog
        s.Press(K('k'), K(SpecialKey.F10));
        Assert.True(s.Controller.State.QuitRequested);
        Assert.Empty(s.Kernel.Sent);
    }

    [Fact]
    public void Group_targets_name_their_counts_and_hit_only_their_members()
    {
        var s = new Setup(Field());
        s.Select(101);
        s.Press(K('k'));
        var d = Assert.IsType<KillDialog>(s.Controller.State.Dialog);
        Assert.Equal([KillScope.Process, KillScope.SameCommand, KillScope.Cgroup], d.Targets.Select(t => t.Scope));

        // same command and user: the five copies of alice, not bob's copy nor the other argv0
        Assert.Equal(5, d.Targets[1].Count);
        Assert.Equal([100, 101, 102, 103, 104], d.Targets[1].Members.Select(m => m.Pid));

        // the cgroup and its subtree: the five, bob's, the other worker and the helper below it
        Assert.Equal(8, d.Targets[2].Count);

        string frame = s.Frame();
        Assert.Contains("( ) all 5 processes with the same command and user", frame, StringComparison.Ordinal);
        Assert.Contains("( ) whole pids cgroup /app.slice/worker.service (v2): 8 processes", frame, StringComparison.Ordinal);

        s.Press(K(SpecialKey.Right));
        Assert.Equal(KillScope.SameCommand, d.Target.Scope);
        frame = s.Frame();
        Assert.Contains("(•) all 5 processes", frame, StringComparison.Ordinal);
        Assert.Contains("pids 100, 101, 102, 103, 104", frame, StringComparison.Ordinal);
        Assert.Contains("Enter sends TERM (15) to 5 processes, again until none is left", frame, StringComparison.Ordinal);

        s.Press(K(SpecialKey.Tab));
        Assert.Equal(KillScope.Cgroup, d.Target.Scope);
        s.Press(K(SpecialKey.Tab));
        Assert.Equal(KillScope.Process, d.Target.Scope); // wraps
        s.Press(K(SpecialKey.Left));
        Assert.Equal(KillScope.Cgroup, d.Target.Scope);
        s.Press(K('2'));
        Assert.Equal(KillScope.SameCommand, d.Target.Scope);

        s.Press(K(SpecialKey.Enter));
        Assert.Equal([100, 101, 102, 103, 104], s.Kernel.Sent.Select(x => x.Pid).Order());
        Assert.All(s.Kernel.Sent, x => Assert.Equal(15, x.Signal));
        Assert.Equal("killed 5 processes with TERM in 1 round", s.Controller.State.Status);
        Assert.Contains(200, s.Kernel.Alive);
        Assert.Contains(201, s.Kernel.Alive);
    }

    [Fact]
    public void A_stubborn_group_goes_on_from_the_timer_until_gone()
    {
        var s = new Setup(Field());
        s.Kernel.SignalsToDie = 3; // each member survives two rounds
        s.Select(100);
        s.Press(K('k'), K(SpecialKey.Right), K(SpecialKey.Enter));
        Assert.Equal("TERM: round 1, 5 processes left", s.Controller.State.Status);
        var step = Assert.Single(s.Scheduled);
        Assert.Equal(1, s.Actions.Running);

        Assert.True(step());
        Assert.Equal("TERM: round 2, 5 processes left", s.Controller.State.Status);
        Assert.False(step()); // third round: all gone, the timer stops
        Assert.Equal("killed 5 processes with TERM in 3 rounds", s.Controller.State.Status);
        Assert.Equal(0, s.Actions.Running);
        Assert.Equal(15, s.Kernel.Sent.Count);
    }

    [Fact]
    public void Eperm_and_esrch_come_back_in_words()
    {
        var s = new Setup(Field());
        s.Kernel.KillErrno[300] = Errno.EPERM;
        s.Select(300);
        s.Press(K('k'), K(SpecialKey.Enter));
        Assert.Contains("operation not permitted", s.Controller.State.Status, StringComparison.Ordinal);

        s.Kernel.Alive.Remove(104);
        s.Select(104);
        s.Press(K('k'), K(SpecialKey.Enter));
        Assert.Contains("no such process", s.Controller.State.Status, StringComparison.Ordinal);
    }

    [Fact]
    public void Kernel_threads_and_an_empty_table_open_no_dialog()
    {
        var s = new Setup([Proc(2, 1, kernel: true, name: "kthreadd")]);
        s.Controller.Input.Options = s.Controller.Input.Options with { ShowKernelThreads = true };
        s.Select(2);
        s.Press(K('k'));
        Assert.Equal(Mode.Normal, s.Controller.State.Mode);
        Assert.Contains("kernel thread", s.Controller.State.Status, StringComparison.Ordinal);
        s.Press(K('L'));
        Assert.Equal(Mode.Normal, s.Controller.State.Mode);

        var empty = new Setup([]);
        empty.Press(K('k'));
        Assert.Equal("kill: no process selected", empty.Controller.State.Status);
    }

    [Fact]
    public void Dialog_box_overlays_the_dashboard_and_fits_small_terminals()
    {
        var s = new Setup(Field());
        s.Select(100);
        s.Press(K('k'));
        foreach (var (w, h) in new[] { (120, 40), (80, 24), (40, 12) })
        {
            var screen = s.Controller.Frame(w, h, Now);
            Assert.All(screen.Lines, l => Assert.True(l.Length <= w, $"{l.Length} > {w}: {l.Text}"));
            Assert.Contains("┌─ Send a signal", screen.Text, StringComparison.Ordinal);
            Assert.Contains("└", screen.Text, StringComparison.Ordinal);
            Assert.Contains("Enter sends", screen.Text, StringComparison.Ordinal);
        }

        // at 40x12 the chosen signal stays in view
        s.Press(K(SpecialKey.End));
        Assert.Contains("USR2", s.Controller.Frame(40, 12, Now).Text, StringComparison.Ordinal);

        // the title bar stays visible above the box at 80x24
        Assert.Contains("limittop", s.Controller.Frame(80, 24, Now).Row(0), StringComparison.Ordinal);
    }

    [Fact]
    public void Slice_cuts_lines_without_ellipsis_and_pads_with_the_fill()
    {
        var line = new StyledLine(Tone.Selected).Add("abc", Tone.Normal).Add("defg", Tone.Dim);
        Assert.Equal("cde", DialogBox.Slice(line, 2, 5).Text);
        Assert.Equal([Tone.Normal, Tone.Dim], DialogBox.Slice(line, 2, 5).Spans.Select(x => x.Tone));
        var padded = DialogBox.Slice(line, 5, 10);
        Assert.Equal("fg   ", padded.Text);
        Assert.Equal(Tone.Selected, padded.Spans[^1].Tone);
    }
}
