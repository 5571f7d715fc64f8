using System.CommandLine;
using LimitTop.Core.Export;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sampling;

namespace LimitTop;

internal static class Program
{
    private static int Main(string[] args)
    {
        var once = new Option<bool>("--once") { Description = "Print one snapshot as plain text and exit." };
        var json = new Option<bool>("--json") { Description = "With --once: print the snapshot as JSON (schema limittop.snapshot/1)." };
        var proc = new Option<string>("--proc") { Description = "Root of the proc filesystem (a captured fixture tree works).", DefaultValueFactory = _ => "/proc" };
        var sys = new Option<string>("--sys") { Description = "Root of the sys filesystem.", DefaultValueFactory = _ => "/sys" };
        var etc = new Option<string>("--etc") { Description = "Directory holding the passwd file for user names.", DefaultValueFactory = _ => "/etc" };
        var interval = new Option<double>("--interval", "-d") { Description = "Seconds between refreshes.", DefaultValueFactory = _ => 1.0 };
        var dumpDir = new Option<string?>("--dump-dir") { Description = "Where 'd' writes snapshots (default $XDG_STATE_HOME/limittop or ~/.local/state/limittop)." };

        var root = new RootCommand("limittop — the htop for the limits that stop a Linux box from forking")
        {
            once, json, proc, sys, etc, interval, dumpDir,
        };

        root.SetAction(result =>
        {
            var procRoot = new ProcRoot(result.GetValue(proc)!, result.GetValue(sys)!, result.GetValue(etc)!);
            if (result.GetValue(once))
            {
                return RunOnce(procRoot, result.GetValue(json));
            }

            double seconds = result.GetValue(interval);
            if (!(seconds >= 0.1 && seconds <= 3600))
            {
                Console.Error.WriteLine("limittop: --interval must be between 0.1 and 3600 seconds");
                return 2;
            }

            // Every thread the dashboard will ever have is made now, while tasks can still be created
            // (Hosting/ThreadBudget.cs); --once needs none of this.
            Hosting.ThreadBudget.Reserve();
            return Views.DashboardApp.Run(procRoot, TimeSpan.FromSeconds(seconds), c =>
            {
                if (!Hosting.ThreadBudget.Pinned)
                {
                    c.Status = "warning: " + Hosting.ThreadBudget.Summary;
                }
            }, dumpDir: result.GetValue(dumpDir));
        });

        return root.Parse(args).Invoke();
    }

    private static int RunOnce(ProcRoot root, bool json)
    {
        try
        {
            using var sampler = new Sampler(root);
            _ = sampler.Sample();
            Thread.Sleep(500); // a second sample gives CPU % a base
            var snapshot = sampler.Sample();
            Console.Out.Write(json ? JsonExport.Serialize(snapshot) + "\n" : TextExport.Render(snapshot));
            return 0;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"limittop: {e.Message}");
            return 1;
        }
    }
}
