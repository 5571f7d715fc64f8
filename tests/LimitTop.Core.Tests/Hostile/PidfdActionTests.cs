using System.Diagnostics;
using LimitTop.Core.Actions;
using LimitTop.Core.Tests.Live;
using static LimitTop.Core.Tests.Hostile.CmdlineCapTests;
using LimitTop.TestSupport;

namespace LimitTop.Core.Tests.Hostile;

/// <summary>
/// Issue 24, finding 7, live: kill and raise-limit go through a pidfd and a start-time check made while the pidfd is
/// held. A target whose start time is not the process's now (its PID changed hands) gets nothing; a normal kill works.
/// </summary>
public sealed class PidfdActionTests
{
    [SkippableFact]
    public void A_signal_to_a_replaced_process_is_refused_and_a_normal_kill_works()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", ["300"]) { UseShellExecute = false })!;
        try
        {
            ulong start = PidGuard.StartTicks(child.Id) ?? throw new InvalidOperationException("no start time");
            var sender = new SignalSender();

            // The row was read from an earlier process with this number.
            var stale = sender.Send(new ProcessRef(child.Id, start - 1), Signals.Kill);
            Assert.True(stale.Replaced);
            Assert.False(stale.Sent);
            Assert.Contains("PID was reused", stale.Message, StringComparison.Ordinal);
            Assert.False(child.WaitForExit(200), "the newcomer was not signalled");

            var r = sender.Send(new ProcessRef(child.Id, start), Signals.Kill);
            Assert.True(r.Sent, r.Message);
            Assert.True(child.WaitForExit(60_000));

            // And once it has exited (reaped), the same ref is refused rather than sent by number.
            Assert.False(sender.Send(new ProcessRef(child.Id, start), Signals.Kill).Sent);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }
    }

    [SkippableFact]
    public void Raising_a_limit_of_a_replaced_process_changes_nothing()
    {
        Need.Root();
        using var child = Process.Start(new ProcessStartInfo("prlimit", ["--nofile=100:200", "sleep", "300"]) { UseShellExecute = false })!;
        try
        {
            Assert.True(Wait(() => File.Exists($"/proc/{child.Id}/comm") && File.ReadAllText($"/proc/{child.Id}/comm").Trim() == "sleep"));
            ulong start = PidGuard.StartTicks(child.Id)!.Value;
            var raiser = new LimitRaiser();

            var refused = raiser.RaiseSoftToHard(new ProcessRef(child.Id, start + 7), LimitResource.Nofile);
            Assert.False(refused.Ok);
            Assert.Contains("PID was reused", refused.Message, StringComparison.Ordinal);
            Assert.Contains("Max open files            100                  200", File.ReadAllText($"/proc/{child.Id}/limits"), StringComparison.Ordinal);

            var raised = raiser.RaiseSoftToHard(new ProcessRef(child.Id, start), LimitResource.Nofile);
            Assert.True(raised.Ok, raised.Message);
            Assert.Contains("Max open files            200                  200", File.ReadAllText($"/proc/{child.Id}/limits"), StringComparison.Ordinal);
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }
}
