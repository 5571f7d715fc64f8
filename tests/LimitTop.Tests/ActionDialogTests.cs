using System.Text.Json;
using LimitTop.Core.Actions;
using LimitTop.Core.Export;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Ui;
using static LimitTop.Tests.Snapshots;

namespace LimitTop.Tests;

/// <summary>
/// The kill and raise-limit dialogs and the dump, through the controller's keys, with stand-ins for the kernel
/// (the live side is in <see cref="ActionEndToEndTests"/>).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ActionDialogTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static UiKey K(SpecialKey k) => UiKey.Of(k);

    private static UiKey K(char c) => UiKey.Of(c);

    /// <summary>kill(2) and prlimit64(2) stand-ins: records signals, answers errnos per PID, holds limits.</summary>
    private sealed class FakeKernel : IActionSyscalls, IProcessScanner
    {
        public List<(int Pid, int Signal)> Sent { get; } = [];

        public Dictionary<int, int> KillErrno { get; } = [];

        /// <summary>PIDs alive; a terminating signal removes one after <see cref="SignalsToDie"/> signals.</summary>
        public HashSet<int> Alive { get; } = [];

        public int SignalsToDie { get; set; } = 1;

        public Dictionary<(int Pid, int Resource), RLimit64> Limits { get; } = [];

        public List<(int Pid, int Resource, RLimit64 Limit)> Set { get; } = [];

        private readonly Dictionary<int, int> _hits = [];

        public int Kill(int pid, int signal)
        {
            if (KillErrno.TryGetValue(pid, out int e))
            {
                return e;
            }

            if (!Alive.Contains(pid))
            {
                return Errno.ESRCH;
            }

            Sent.Add((pid, signal));
            _hits[pid] = _hits.GetValueOrDefault(pid) + 1;
            if (_hits[pid] >= SignalsToDie && signal is 15 or 9 or 2 or 3)
            {
                Alive.Remove(pid);
            }

            return 0;
        }

        public int Prlimit(int pid, int resource, RLimit64? newLimit, out RLimit64 oldLimit)
        {
            if (!Limits.TryGetValue((pid, resource), out oldLimit))
            {
                return Errno.ESRCH;
            }

            if (newLimit is { } n)
            {
                Limits[(pid, resource)] = n;
                Set.Add((pid, resource, n));
            }

            return 0;
        }

        public List<ProcessSample> Processes { get; } = [];

        public void Scan(KillTarget target, List<LiveMember> into)
        {
            into.Clear();
            foreach (var p in Processes.Where(p => Alive.Contains(p.Pid)))
            {
                if (target.Matches(p.Pid, p.Uid, p.Name, p.Cmdline, p.Cgroup, p.CgroupVersion))
                {
                    into.Add(new LiveMember(p.Pid, p.StartTicks, 'S'));
                }
            }
        }

        public bool TryIdentify(int pid, out LiveMember member)
        {
            member = new LiveMember(pid, 0, 'S');
            return Alive.Contains(pid);
        }

        public string? CgroupKillPath(KillTarget target) => null;
    }

    private sealed class Setup
    {
        public FakeKernel Kernel { get; } = new();

        public DashboardController Controller { get; } = new(TimeSpan.FromSeconds(1));

        public List<Func<bool>> Scheduled { get; } = [];

        public DashboardActions Actions { get; }

        public Setup(IReadOnlyList<ProcessSample> processes, string? dumpDir = null, bool canRaiseHard = false)
        {
            Kernel.Processes.AddRange(processes);
            foreach (var p in processes)
            {
                Kernel.Alive.Add(p.Pid);
            }

            Actions = new DashboardActions(Controller, new ActionServices
            {
                Scanner = Kernel,
                Sender = new SignalSender(Kernel),
                Raiser = new LimitRaiser(Kernel, hasSysResource: canRaiseHard, nrOpen: 1_048_576),
                Dump = new DumpWriter(dumpDir ?? "/nonexistent-limittop-test"),
                SelfPid = 999_999,
            }, (_, step) => Scheduled.Add(step));
            Controller.OnSnapshot(Make(processes));
            _ = Controller.Render(120, 40, Now);
        }

        public void Press(params UiKey[] keys)
        {
            foreach (var k in keys)
            {
                Assert.True(Controller.HandleKey(k));
            }
        }

        public void Select(int pid)
        {
            Controller.SelectPid(pid);
            Assert.Equal(pid, Controller.Selected?.Pid);
        }

        public string Frame() => Controller.Render(120, 40, Now).Text;
    }

    /// <summary>Five copies of one program of alice, look-alikes that must not be hit, and a cgroup of their own.</summary>
    private static List<ProcessSample> Field()
    {
        var list = new List<ProcessSample>();
        for (int i = 0; i < 5; i++)
        {
            list.Add(Proc(100 + i, 2, name: "worker", cmd: "/opt/app/worker --serve", cgroup: "/app.slice/worker.service"));
        }

        list.Add(Proc(200, 1, name: "worker", cmd: "/opt/app/worker --serve", user: "bob", uid: 1001, cgroup: "/app.slice/worker.service")); // other user
        list.Add(Proc(201, 1, name: "worker", cmd: "/usr/bin/worker", cgroup: "/app.slice/worker.service")); // other argv0
        list.Add(Proc(202, 1, name: "helper", cmd: "/opt/app/helper", cgroup: "/app.slice/worker.service/sub")); // same cgroup subtree
        list.Add(Proc(300, 1, name: "bash", cmd: "bash", cgroup: "/user.slice"));
        return list;
    }

    [Fact]
    public void K_opens_the_kill_dialog_with_term_and_this_process_preselected_and_enter_sends_term()
    {
        var s = new Setup(Field());
        s.Select(102);
        s.Press(K('k'));
        Assert.Equal(Mode.Dialog, s.Controller.Mode);
        var d = Assert.IsType<KillDialog>(s.Controller.ActiveDialog);
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
        Assert.Equal(Mode.Normal, s.Controller.Mode);
        Assert.Null(s.Controller.ActiveDialog);
        Assert.Equal("sent TERM (15) to pid 102 (worker)", s.Controller.Status);
        Assert.Empty(s.Scheduled);
    }

    [Fact]
    public void F9_opens_the_same_dialog_and_the_signal_list_is_in_the_documented_order()
    {
        var s = new Setup(Field());
        s.Select(100);
        s.Press(K(SpecialKey.F9));
        var d = Assert.IsType<KillDialog>(s.Controller.ActiveDialog);
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
        Assert.Equal(Mode.Normal, s.Controller.Mode);
        Assert.False(s.Controller.QuitRequested);
        Assert.StartsWith("kill cancelled", s.Controller.Status, StringComparison.Ordinal);
        s.Press(K('k'), K('q'));
        Assert.Equal(Mode.Normal, s.Controller.Mode);
        Assert.False(s.Controller.QuitRequested);
        Assert.Empty(s.Kernel.Sent);

        // F10 still quits from inside the dialog
        s.Press(K('k'), K(SpecialKey.F10));
        Assert.True(s.Controller.QuitRequested);
        Assert.Empty(s.Kernel.Sent);
    }

    [Fact]
    public void Group_targets_name_their_counts_and_hit_only_their_members()
    {
        var s = new Setup(Field());
        s.Select(101);
        s.Press(K('k'));
        var d = Assert.IsType<KillDialog>(s.Controller.ActiveDialog);
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
        Assert.Equal("killed 5 processes with TERM in 1 round", s.Controller.Status);
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
        Assert.Equal("TERM: round 1, 5 processes left", s.Controller.Status);
        var step = Assert.Single(s.Scheduled);
        Assert.Equal(1, s.Actions.Running);

        Assert.True(step());
        Assert.Equal("TERM: round 2, 5 processes left", s.Controller.Status);
        Assert.False(step()); // third round: all gone, the timer stops
        Assert.Equal("killed 5 processes with TERM in 3 rounds", s.Controller.Status);
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
        Assert.Contains("operation not permitted", s.Controller.Status, StringComparison.Ordinal);

        s.Kernel.Alive.Remove(104);
        s.Select(104);
        s.Press(K('k'), K(SpecialKey.Enter));
        Assert.Contains("no such process", s.Controller.Status, StringComparison.Ordinal);
    }

    [Fact]
    public void Kernel_threads_and_an_empty_table_open_no_dialog()
    {
        var s = new Setup([Proc(2, 1, kernel: true, name: "kthreadd")]);
        s.Controller.Options = s.Controller.Options with { ShowKernelThreads = true };
        s.Select(2);
        s.Press(K('k'));
        Assert.Equal(Mode.Normal, s.Controller.Mode);
        Assert.Contains("kernel thread", s.Controller.Status, StringComparison.Ordinal);
        s.Press(K('L'));
        Assert.Equal(Mode.Normal, s.Controller.Mode);

        var empty = new Setup([]);
        empty.Press(K('k'));
        Assert.Equal("kill: no process selected", empty.Controller.Status);
    }

    [Fact]
    public void Dialog_box_overlays_the_dashboard_and_fits_small_terminals()
    {
        var s = new Setup(Field());
        s.Select(100);
        s.Press(K('k'));
        foreach (var (w, h) in new[] { (120, 40), (80, 24), (40, 12) })
        {
            var screen = s.Controller.Render(w, h, Now);
            Assert.All(screen.Lines, l => Assert.True(l.Length <= w, $"{l.Length} > {w}: {l.Text}"));
            Assert.Contains("┌─ Send a signal", screen.Text, StringComparison.Ordinal);
            Assert.Contains("└", screen.Text, StringComparison.Ordinal);
            Assert.Contains("Enter sends", screen.Text, StringComparison.Ordinal);
        }

        // at 40x12 the chosen signal stays in view
        s.Press(K(SpecialKey.End));
        Assert.Contains("USR2", s.Controller.Render(40, 12, Now).Text, StringComparison.Ordinal);

        // the title bar stays visible above the box at 80x24
        Assert.Contains("limittop", s.Controller.Render(80, 24, Now).Row(0), StringComparison.Ordinal);
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

    [Fact]
    public void Every_sample_feeds_the_history_and_d_dumps_screen_plus_history()
    {
        string dir = Path.Combine(Path.GetTempPath(), "lt-dump-" + Guid.NewGuid().ToString("N"));
        try
        {
            var procs = Field();
            var s = new Setup(procs, dumpDir: dir);
            for (int i = 2; i <= 4; i++)
            {
                s.Controller.OnSnapshot(Make(procs, seq: i)); // one second apart
            }

            Assert.Equal(4, s.Controller.History.Count);
            s.Press(K('d'));
            Assert.StartsWith("dumped to " + dir, s.Controller.Status, StringComparison.Ordinal);
            string json = Directory.GetFiles(dir, "*.json").Single();
            Assert.Single(Directory.GetFiles(dir, "*.txt"));
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal("limittop.snapshot/1", doc.RootElement.GetProperty("schema").GetString());
            Assert.Equal(3, doc.RootElement.GetProperty("history").GetArrayLength());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(json));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }

    [Fact]
    public void A_failed_dump_shows_the_error_and_nothing_else_breaks()
    {
        string file = Path.GetTempFileName(); // a file where the directory should be: ENOTDIR
        try
        {
            var s = new Setup(Field(), dumpDir: Path.Combine(file, "sub"));
            s.Press(K('d'));
            Assert.StartsWith("dump failed", s.Controller.Status, StringComparison.Ordinal);
            Assert.Equal(Mode.Normal, s.Controller.Mode);
            s.Press(K(SpecialKey.Down));
            Assert.Equal(Mode.Normal, s.Controller.Mode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void Limit(FakeKernel k, int pid, LimitResource r, ulong soft, ulong hard) => k.Limits[(pid, (int)r)] = new RLimit64(soft, hard);

    [Fact]
    public void L_offers_soft_up_to_hard_confirms_then_applies()
    {
        var s = new Setup(Field());
        Limit(s.Kernel, 100, LimitResource.Nproc, 500, 500);
        Limit(s.Kernel, 100, LimitResource.Nofile, 64, 4096);
        Limit(s.Kernel, 100, LimitResource.Sigpending, 100, 200);
        s.Select(100);
        s.Press(K('L'));
        var d = Assert.IsType<LimitDialog>(s.Controller.ActiveDialog);

        // unprivileged: soft→hard for nofile and sigpending; nproc is at its hard limit, said in a note
        Assert.Equal(2, d.Items.Count);
        Assert.Equal(LimitResource.Nofile, d.Items[0].Resource);
        Assert.Equal(new LimitPair(4096, 4096), d.Items[0].NewLimit);
        Assert.Contains("nproc: soft = hard = 500; a higher hard limit needs CAP_SYS_RESOURCE", d.Notes);
        string frame = s.Frame();
        Assert.Contains("Raise a limit", frame, StringComparison.Ordinal);
        Assert.Contains("1  nofile     soft 64 → 4,096 (up to the hard limit)", frame, StringComparison.Ordinal);

        // choose, look, go back, choose again, confirm
        s.Press(K(SpecialKey.Enter));
        Assert.Equal(LimitDialog.Step.Confirm, d.Current);
        Assert.Contains("Set nofile of pid 100 (worker) to soft 4,096, hard 4,096?", s.Frame(), StringComparison.Ordinal);
        Assert.Empty(s.Kernel.Set);
        s.Press(K(SpecialKey.Esc));
        Assert.Equal(LimitDialog.Step.Choose, d.Current);
        Assert.Equal(Mode.Dialog, s.Controller.Mode);
        s.Press(K('1'), K('y'));
        Assert.Equal([(100, (int)LimitResource.Nofile, new RLimit64(4096, 4096))], s.Kernel.Set);
        Assert.Equal(Mode.Normal, s.Controller.Mode);
        Assert.Equal("nofile of pid 100: soft 64 → 4,096, hard 4,096 → 4,096", s.Controller.Status);
    }

    [Fact]
    public void As_privileged_the_hard_limit_is_offered_too_and_failures_read_plainly()
    {
        var s = new Setup(Field(), canRaiseHard: true);
        Limit(s.Kernel, 100, LimitResource.Nofile, 1024, 4096);
        s.Select(100);
        s.Press(K('L'));
        var d = Assert.IsType<LimitDialog>(s.Controller.ActiveDialog);

        // nproc and sigpending unreadable (ESRCH from the stand-in) are notes, not choices
        Assert.Equal(2, d.Items.Count);
        Assert.Equal(new LimitPair(1_048_576, 1_048_576), d.Items[1].NewLimit);
        Assert.Contains(d.Notes, n => n.Contains("no such process", StringComparison.Ordinal));
        s.Press(K(SpecialKey.Down), K(SpecialKey.Enter), K(SpecialKey.Enter));
        Assert.Equal(new RLimit64(1_048_576, 1_048_576), s.Kernel.Limits[(100, (int)LimitResource.Nofile)]);

        // the process exits before the confirmation: the failure in words
        Limit(s.Kernel, 100, LimitResource.Nofile, 1024, 4096);
        s.Press(K('L'), K('1'));
        s.Kernel.Limits.Clear();
        s.Press(K(SpecialKey.Enter));
        Assert.StartsWith("failed: nofile of pid 100: no such process", s.Controller.Status, StringComparison.Ordinal);
    }

    [Fact]
    public void Pids_max_is_typed_checked_and_confirmed()
    {
        LimitChoice? applied = null;
        var d = new LimitDialog(Proc(100, 1), [], new PidsCgroupInfo("/app.slice", 1, 50, 37), c =>
        {
            applied = c;
            return new ActionResult(true, "pids.max of /app.slice: 50 → 20");
        });
        Assert.Equal(LimitDialog.Step.Choose, d.Current);
        Assert.Contains("now 50, 37 in use", d.Items.Single().Label, StringComparison.Ordinal);
        d.HandleKey(K(SpecialKey.Enter));
        Assert.Equal(LimitDialog.Step.EditPidsMax, d.Current);
        foreach (char c in "2x0")
        {
            d.HandleKey(K(c));
        }

        Assert.Equal("2x0", d.Input);
        d.HandleKey(K(SpecialKey.Enter));
        Assert.NotNull(d.Error); // not a number: stays
        Assert.Equal(LimitDialog.Step.EditPidsMax, d.Current);
        d.HandleKey(K(SpecialKey.Backspace));
        d.HandleKey(K(SpecialKey.Backspace));
        d.HandleKey(K('0'));
        d.HandleKey(K(SpecialKey.Enter));
        Assert.Equal(LimitDialog.Step.Confirm, d.Current);
        Assert.Equal("Set pids.max of /app.slice from 50 to 20?", d.Question);
        Assert.Contains(d.Body(80), l => l.Text.Contains("below pids.current (37)", StringComparison.Ordinal));
        Assert.Null(applied);
        var step = d.HandleKey(K(SpecialKey.Enter));
        Assert.True(step.Close);
        Assert.Equal(20, applied!.PidsMax);
        Assert.Equal("/app.slice", applied.CgroupPath);

        Assert.True(LimitDialog.TryParsePidsMax("max", out long? m) && m is null);
        Assert.False(LimitDialog.TryParsePidsMax("-1", out _));
        Assert.False(LimitDialog.TryParsePidsMax("", out _));
    }
}
