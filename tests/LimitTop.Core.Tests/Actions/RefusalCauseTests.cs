using System.Diagnostics;
using LimitTop.Core.Actions;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Native;

namespace LimitTop.Core.Tests.Actions;

/// <summary>Issue 25 item 4: every refusal names its real cause (root without CAP_SYS_RESOURCE is not told "run as root").</summary>
public sealed class RefusalCauseTests
{
    private const ulong RootWithoutSysResource = 0x000001fffeffffff; // this VM's root: bit 24 clear

    [Fact]
    public void The_status_file_gives_uid_and_capabilities()
    {
        var c = SelfCredentials.Parse("Name:\tx\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nCapEff:\t000001fffeffffff\n")!;
        Assert.True(c.IsRoot);
        Assert.True(c.Has(SelfCredentials.CapKill));
        Assert.False(c.Has(SelfCredentials.CapSysResource));
        Assert.Null(SelfCredentials.Parse("Name:\tx\nUid:\n"));
    }

    [Theory]
    [InlineData(0, RootWithoutSysResource, "needs CAP_SYS_RESOURCE, and this limittop runs as root without it")]
    [InlineData(1000, 0UL, "run limittop as root with CAP_SYS_RESOURCE")]
    [InlineData(0, ulong.MaxValue, "refused although this limittop holds CAP_SYS_RESOURCE")]
    public void Prlimit_refusal_names_what_is_missing(long uid, ulong capEff, string cause)
    {
        var sys = new FakeSyscalls { PrlimitSetErrno = Errno.EPERM, Current = new RLimit64(64, 4096) };
        var self = new SelfCredentials(uid, capEff);
        var r = new LimitRaiser(sys, hasSysResource: self.Has(SelfCredentials.CapSysResource), nrOpen: 1 << 20, self: self)
            .RaiseSoftToHard(77, LimitResource.Nofile);
        Assert.False(r.Ok);
        Assert.Contains(cause, r.Message, StringComparison.Ordinal);
        if (uid == 0)
        {
            Assert.DoesNotContain("run as root", r.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0, 0UL, "runs as root without it")]
    [InlineData(0, RootWithoutSysResource, "refused although this limittop holds CAP_KILL")]
    [InlineData(1000, 0UL, "as root with CAP_KILL")]
    public void Kill_refusal_names_what_is_missing(long uid, ulong capEff, string cause)
    {
        var sys = new FakeSyscalls();
        sys.KillErrno[4242] = Errno.EPERM;
        var r = new SignalSender(sys, self: new SelfCredentials(uid, capEff)).Send(4242, Signals.Term);
        Assert.Contains(cause, r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_this_process_reads_its_own_CapEff_as_the_kernel_shows_it()
    {
        var self = SelfCredentials.Read(ProcRoot.Default)!;
        string status = File.ReadAllText("/proc/self/status");
        string capEff = status.Split('\n').First(l => l.StartsWith("CapEff:", StringComparison.Ordinal))[7..].Trim();
        Assert.Equal(Convert.ToUInt64(capEff, 16), self.CapEff);
        Assert.Equal((long)Tmds.Linux.LibC.getuid(), self.RealUid);
    }

    [Fact]
    public void Live_another_users_process_names_the_missing_capability_not_run_as_root()
    {
        var self = SelfCredentials.Current;
        using var child = Process.Start(new ProcessStartInfo("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "sleep", "60"]))!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.ReadAllText($"/proc/{child.Id}/status").Contains("Uid:\t65534", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            var plan = new LimitRaiser().Plan(child.Id, LimitResource.Nofile);
            if (self.Has(SelfCredentials.CapSysResource))
            {
                Assert.Null(plan.Problem); // allowed: nothing to explain
            }
            else if (self.IsRoot)
            {
                // this VM's root: CapEff 000001fffeffffff, bit 24 clear
                Assert.Contains("needs CAP_SYS_RESOURCE, and this limittop runs as root without it", plan.Problem, StringComparison.Ordinal);
                Assert.DoesNotContain("run as root", plan.Problem, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("run limittop as root with CAP_SYS_RESOURCE", plan.Problem, StringComparison.Ordinal);
            }
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }
}
