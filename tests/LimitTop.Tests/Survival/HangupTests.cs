using System.Diagnostics;
using System.Globalization;

namespace LimitTop.Tests.Survival;

/// <summary>
/// The terminal goes away (tmux server killed, ssh dropped) while limittop ignores SIGHUP, as under nohup or a
/// supervisor that ignores it: stdin then polls readable forever and every read fails. limittop must leave, not
/// spin a core on a box that is already short of everything.
/// </summary>
[Collection("survival")]
public sealed class HangupTests(AotBuild build)
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)] // with the kill dialog open: the first stop request only closes the dialog
    public void A_hung_up_terminal_ends_limittop_even_with_SIGHUP_ignored(bool dialogOpen)
    {
        var tmux = Tmux.Start(120, 40);
        int pid;
        try
        {
            // exec: limittop becomes the pane's process, inheriting the ignored SIGHUP
            tmux.Type($"trap '' HUP; TERM=xterm-256color exec {build.Limittop} --dump-dir {Path.Combine(build.Dir, "dumps-hup")}");
            tmux.Keys("Enter");
            tmux.WaitFor("PROCESSES", 15);
            pid = int.Parse(tmux.Display("#{pane_pid}"), CultureInfo.InvariantCulture);
            Assert.Equal("limittop", File.ReadAllText($"/proc/{pid}/comm").Trim());
            Assert.True(SigIgnHasHup(pid), "SIGHUP is ignored in limittop");
            if (dialogOpen)
            {
                tmux.Keys("k");
                tmux.WaitFor("Send a signal", 5);
            }
        }
        finally
        {
            tmux.Dispose(); // kill-server: the pane's terminal hangs up
        }

        Eventually.Within(() => !Sh.Alive(pid), pollMs: 100);

        if (Sh.Alive(pid))
        {
            long spent = CpuTicks(pid);
            _ = Sh.Run("kill", ["-9", Sh.Inv(pid)]); // ours: started by this test
            Assert.Fail($"limittop still running {Eventually.HangBound.TotalSeconds:0} s after its terminal hung up, having used {spent} clock ticks of CPU");
        }
    }

    private static bool SigIgnHasHup(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return (ulong.Parse(line[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 1) != 0; // bit 0 = signal 1
    }

    private static long CpuTicks(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture); // utime, stime
    }
}
