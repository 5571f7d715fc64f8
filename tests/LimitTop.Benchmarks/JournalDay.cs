using System.Diagnostics;
using System.Globalization;
using LimitTop.Core.Recording;

namespace LimitTop.Benchmarks;

/// <summary>
/// <c>journal-day DIR [hours]</c>: a 24-hour journal at the synthetic field load (<see cref="FieldTicks"/>, 2,000
/// processes) written into DIR and kept, for the replay budgets (<c>limittop --replay DIR</c>: first frame, step,
/// memory; recording/replay-budget.sh). Ten minutes of ticks are generated and cycled with their times moved on (the
/// generator costs ~14 ms a tick; a day of it would take an hour of this shared VM): the journal has a day's blocks,
/// key blocks and index, which is what opening and seeking cost.
/// </summary>
internal static class JournalDay
{
    public static void Run(string[] args)
    {
        string dir = args[1];
        double hours = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 24;
        var start = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
        var gen = new FieldTicks(start);
        var cycle = Enumerable.Range(0, 600).Select(_ => gen.Next()).ToArray();
        var span = TimeSpan.FromSeconds(600);
        var sw = Stopwatch.StartNew();
        using (var w = new JournalWriter(dir, new SegmentInfo(start, "web-07", "boot", "6.8.0", "bench"), new JournalOptions { MaxBytes = long.MaxValue, Keep = TimeSpan.FromDays(3650) }))
        {
            int ticks = (int)(hours * 3600);
            for (int i = 0; i < ticks; i++)
            {
                var t = cycle[i % cycle.Length];
                int round = i / cycle.Length;
                w.Append(t with { Time = t.Time + (span * round), Sequence = t.Sequence + (round * 600L) });
            }
        }

        long bytes = Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{hours} h journal in {dir}: {Directory.GetFiles(dir).Length} segments, {bytes / 1e6:0.0} MB, written in {sw.Elapsed.TotalSeconds:0} s"));
    }
}
