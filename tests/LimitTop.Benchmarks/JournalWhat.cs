using System.Globalization;
using LimitTop.Core.Recording;

namespace LimitTop.Benchmarks;

/// <summary>
/// <c>journal-what DIR</c>: where a recorded journal's bytes go — its ticks rewritten with one section emptied at a
/// time (the difference is that section's share, compressed as the writer compresses it), and the CPU of Append per
/// tick on those real ticks (thread CPU).
/// </summary>
internal static class JournalWhat
{
    public static void Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        using var r = JournalReader.Open(args[1]);
        var ticks = new List<RecordedTick>();
        for (var p = r.First(); p is { } at; p = r.Next(at))
        {
            ticks.Add(r.Tick(at));
        }

        var variants = new (string Name, Func<RecordedTick, RecordedTick> Cut)[]
        {
            ("all", t => t),
            ("no processes", t => t with { Processes = [] }),
            ("no findings", t => t with { Findings = [] }),
            ("no users", t => t with { Users = [] }),
            ("no sockets", t => t with { Sockets = null }),
            ("no cgroups", t => t with { Cgroups = [] }),
            ("no events", t => t with { Events = [] }),
            ("no forecasts", t => t with { Forecasts = [] }),
            ("no refusals/names", t => t with { Refusals = null, Names = [] }),
        };
        long all = 0;
        foreach (var (name, cut) in variants)
        {
            string dir = Path.Combine(Path.GetTempPath(), "lt_w28_what_" + Environment.ProcessId.ToString(inv));
            Directory.CreateDirectory(dir);
            var cpu = TimeSpan.Zero;
            using (var w = new JournalWriter(dir, r.Segments[0].Info, new JournalOptions { MaxBytes = long.MaxValue, Keep = TimeSpan.FromDays(3650), KeyEvery = 1000 }))
            {
                foreach (var t in ticks)
                {
                    var c = cut(t);
                    var before = JournalBudget.ThreadCpuNow();
                    w.Append(c);
                    cpu += JournalBudget.ThreadCpuNow() - before;
                }
            }

            long bytes = Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length);
            Directory.Delete(dir, recursive: true);
            all = name == "all" ? bytes : all;
            Console.WriteLine(string.Create(inv, $"{name,-18} {bytes,9} B  {bytes / (double)ticks.Count,7:0} B/tick  share {(all - bytes) / (double)ticks.Count,6:0} B/tick  Append {cpu.TotalMilliseconds / ticks.Count:0.000} ms/tick"));
        }

        Console.WriteLine(string.Create(inv, $"{ticks.Count} ticks; one key block (KeyEvery 1000 here: deltas only after the first)"));
    }
}
