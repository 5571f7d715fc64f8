using System.Diagnostics;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Tests.Live;
using LimitTop.TestSupport;

namespace LimitTop.Core.Tests.Sampling;

/// <summary>
/// The Sampler reads /proc/PID/status only when its figures can have changed (StatusReuse): fewer reads than processes
/// once the processes are known, and a change of credentials still shows at the next sample (ps is the oracle).
/// </summary>
[Collection("live")]
public sealed class StatusReuseTests
{
    [SkippableFact]
    public void Status_is_not_reread_for_an_unchanged_user_process_and_a_uid_change_shows_at_the_next_sample()
    {
        Need.Root();
        // Two sleeping processes of uid 65534 (dumpable: /proc/PID is owned by it; SigQ is per user, so one status read
        // a tick answers for both), and a root one that drops to 65534
        // when told (it becomes undumpable: /proc/PID stays owned by root).
        using var user = Start("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "perl", "-e", "$| = 1; print \"ready\\n\"; sleep 30");
        using var user2 = Start("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "perl", "-e", "$| = 1; print \"ready\\n\"; sleep 30");
        using var dropper = Start("perl", "-e", "use POSIX; $| = 1; print \"ready\\n\"; <STDIN>; POSIX::setuid(65534) or die; print \"done\\n\"; sleep 30");
        try
        {
            using var sampler = new Sampler(ProcRoot.Default, new SamplerOptions { SlowInterval = TimeSpan.FromHours(1), Sockets = null });
            var s1 = sampler.Sample();
            Assert.Equal((0, 0), Ids(s1, dropper.Id));
            Assert.Equal((65534, 65534), Ids(s1, user.Id));
            int firstReads = sampler.StatusReads;
            sampler.Sample(); // (the second sample takes the owner of /proc/PID of the processes that ran as a user)
            var s2 = sampler.Sample();
            Assert.True(sampler.StatusReads < firstReads, $"{sampler.StatusReads} status reads on the third sample, {firstReads} on the first");
            Assert.Equal((65534, 65534), Ids(s2, user.Id));
            Assert.Equal((65534, 65534), Ids(s2, user2.Id));
            Assert.Equal(s2.Processes.Single(p => p.Pid == user.Id).SigQueued, s2.Processes.Single(p => p.Pid == user2.Id).SigQueued);
            Assert.Equal(1, s2.Processes.Single(p => p.Pid == user.Id).Threads);

            dropper.StandardInput.WriteLine();
            dropper.StandardInput.Flush();
            Assert.Equal("done", dropper.StandardOutput.ReadLine());
            var s3 = sampler.Sample();
            string ps = LiveChild.Run("ps", "-o", "ruid=,euid=", "-p", dropper.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("65534 65534", string.Join(' ', ps.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));
            Assert.Equal((65534, 65534), Ids(s3, dropper.Id));
            Assert.Equal(s3.Users.Single(u => u.Uid == 65534).Processes, s3.Processes.Count(p => p.Uid == 65534));
        }
        finally
        {
            foreach (var p in new[] { user, user2, dropper })
            {
                p.Kill();
                p.WaitForExit();
            }
        }
    }

    private static Process Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        var p = Process.Start(psi)!;
        Assert.Equal("ready", p.StandardOutput.ReadLine());
        return p;
    }

    private static (int Uid, int Euid) Ids(Model.Snapshot s, int pid)
    {
        var p = s.Processes.Single(x => x.Pid == pid);
        return (p.Uid, p.Euid);
    }
}
