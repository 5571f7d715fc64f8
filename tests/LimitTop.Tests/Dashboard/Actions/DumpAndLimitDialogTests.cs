using System.Text.Json;
using LimitTop.Core.Actions;
using LimitTop.Core.Export;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Dashboard;
using LimitTop.Frames;
using static LimitTop.Tests.Dashboard.Actions.ActionDialogBench;
using static LimitTop.Tests.Dashboard.UiKeys;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard.Actions;

/// <summary>The dump (d) and raise-limit (L) dialogs through the controller's keys, with stand-ins for the kernel.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DumpAndLimitDialogTests
{
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

            Assert.Equal(4, s.Controller.Store.History.Count);
            s.Press(K('d'));
            Assert.StartsWith("dumped to " + dir, s.Controller.State.Status, StringComparison.Ordinal);
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
            Assert.StartsWith("dump failed", s.Controller.State.Status, StringComparison.Ordinal);
            Assert.Equal(Mode.Normal, s.Controller.State.Mode);
            s.Press(K(SpecialKey.Down));
            Assert.Equal(Mode.Normal, s.Controller.State.Mode);
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
        var d = Assert.IsType<LimitDialog>(s.Controller.State.Dialog);

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
        Assert.Equal(Mode.Dialog, s.Controller.State.Mode);
        s.Press(K('1'), K('y'));
        Assert.Equal([(100, (int)LimitResource.Nofile, new RLimit64(4096, 4096))], s.Kernel.Set);
        Assert.Equal(Mode.Normal, s.Controller.State.Mode);
        Assert.Equal("nofile of pid 100: soft 64 → 4,096, hard 4,096 → 4,096", s.Controller.State.Status);
    }

    [Fact]
    public void As_privileged_the_hard_limit_is_offered_too_and_failures_read_plainly()
    {
        var s = new Setup(Field(), canRaiseHard: true);
        Limit(s.Kernel, 100, LimitResource.Nofile, 1024, 4096);
        s.Select(100);
        s.Press(K('L'));
        var d = Assert.IsType<LimitDialog>(s.Controller.State.Dialog);

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
        Assert.StartsWith("failed: nofile of pid 100: no such process", s.Controller.State.Status, StringComparison.Ordinal);
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
