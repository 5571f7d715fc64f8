using System.Text.Json;
using LimitTop.Core.Actions;
using LimitTop.Core.Export;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Dashboard;
using LimitTop.Frames;
using LimitTop.Core.Native;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard.Actions;

/// <summary>The dialogs' test bench: a stand-in kernel, a controller with its actions, and a field of look-alike processes.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class ActionDialogBench
{
    /// <summary>kill(2) and prlimit64(2) stand-ins: records signals, answers errnos per PID, holds limits.</summary>
    internal sealed class FakeKernel : IActionSyscalls, IProcessScanner
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

    internal sealed class Setup
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
        }

        public void Press(params UiKey[] keys) => UiKeys.Press(Controller, keys);

        public void Select(int pid)
        {
            Controller.Viewport.SelectPid(pid);
            Assert.Equal(pid, Controller.Viewport.Selected?.Pid);
        }

        public string Frame() => Controller.Frame(120, 40, Now).Text;
    }

    /// <summary>Five copies of one program of alice, look-alikes that must not be hit, and a cgroup of their own.</summary>
    internal static List<ProcessSample> Field()
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
}
