using LimitTop.Core.Analysis;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;
using LimitTop.Core.Tests.Live;
using LimitTop.TestSupport;

namespace LimitTop.Core.Tests.Sampling;

/// <summary>
/// RLIMIT_NPROC in user namespaces (docs/kernel-limits.md §2): tasks in a namespace are charged, at the host level, to the
/// namespace's owner, while ps shows them under their mapped host uid. The kernel itself is the oracle: the
/// owner can create exactly as many more tasks as the sampler says it has left.
/// </summary>
[Collection("live")]
public sealed class UserNamespaceTests
{
    [SkippableFact]
    public void Tasks_in_a_user_namespace_are_charged_to_its_owner_as_the_kernel_does()
    {
        Need.Root();
        int owner = LiveChild.FreeUid(7);
        int mapped = LiveChild.FreeUid(8);
        Assert.NotEqual(owner, mapped);

        using var nested = LiveChild.StartInUserNamespace(owner, mapped, "30:30", threads: 10, "ltns");
        using var own = LiveChild.Start(owner, owner, "30:30", threads: 1, files: 0, signals: 0, "ltowner");

        using var sampler = new Sampler(ProcRoot.Default);
        var snap = DiagnosisBuilder.Diagnose(sampler.Sample());

        var p = Assert.Single(snap.Processes, x => x.Pid == nested.Pid);
        Assert.Equal(mapped, p.Uid); // what ps shows
        Assert.Equal(owner, p.UserNamespaceOwner);
        Assert.Contains($"{mapped}", LiveChild.Run("ps", "-o", "ruid=", "-p", nested.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var mappedUser = Assert.Single(snap.Users, u => u.Uid == mapped);
        Assert.Equal(10, mappedUser.Tasks);      // ps -eLo ruid semantics
        Assert.Equal(0, mappedUser.ChargedTasks); // the host-level counter of the mapped uid is not charged

        var ownerUser = Assert.Single(snap.Users, u => u.Uid == owner);
        Assert.Equal(1, ownerUser.Tasks);
        Assert.Equal(10, ownerUser.UserNamespaceTasks);
        Assert.Equal(11, ownerUser.ChargedTasks);
        Assert.Equal(19, ownerUser.NprocHeadroom);
        Assert.Contains(snap.Diagnosis, f => f.Scope.Key == $"user:{ownerUser.Name}" && f.Limit.Name() == "nproc" && f.Used == 11
            && f.Message.Contains("10 of them in user namespaces it owns", StringComparison.Ordinal));

        // The kernel agrees: the owner's own process can add exactly the headroom, then EAGAIN.
        int created = 0;
        string last;
        while ((last = own.Command("thread")) == "ok" && created < 100)
        {
            created++;
        }

        Assert.Equal("err 11", last);
        Assert.Equal(ownerUser.NprocHeadroom, created);
    }
}
