using System.Globalization;
using System.IO.Compression;
using LimitTop.Core.Recording;

namespace LimitTop.Benchmarks;

/// <summary><c>journal-parts</c>: where a block's bytes go at the field load (raw bytes per section, key frame vs deltas).</summary>
internal static class JournalParts
{
    public static void Run()
    {
        var inv = CultureInfo.InvariantCulture;
        var gen = new FieldTicks(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        var ticks = Enumerable.Range(0, 60).Select(_ => gen.Next()).ToList();
        var w = new PayloadWriter();
        RecordedTick? prev = null;
        var sizes = new List<int>();
        foreach (var t in ticks)
        {
            int before = w.Length;
            prev = TickCodec.Encode(w, prev, t);
            sizes.Add(w.Length - before);
        }

        var raw = w.Written.ToArray();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        prev = null;
        var w2 = new PayloadWriter();
        foreach (var t in ticks)
        {
            prev = TickCodec.Encode(w2, prev, t);
        }

        Console.WriteLine(string.Create(inv, $"encode 60 ticks: {sw.Elapsed.TotalMilliseconds:0.0} ms (JIT included)"));
        sw.Restart();
        prev = null;
        w2.Reset();
        foreach (var t in ticks)
        {
            prev = TickCodec.Encode(w2, prev, t);
        }

        Console.WriteLine(string.Create(inv, $"encode 60 ticks again: {sw.Elapsed.TotalMilliseconds:0.0} ms"));
        var cpu0 = ThreadCpu();
        for (int rep = 0; rep < 10; rep++)
        {
            prev = null;
            w2.Reset();
            foreach (var t in ticks)
            {
                prev = TickCodec.Encode(w2, prev, t);
            }
        }

        var cpu1 = ThreadCpu();
        var buf = new byte[BrotliEncoder.GetMaxCompressedLength(w2.Length)];
        var deltasOnly = w2.Written[sizes[0]..].ToArray();
        for (int rep = 0; rep < 10; rep++)
        {
            BrotliEncoder.TryCompress(deltasOnly, buf, out _, 5, 22);
        }

        var cpu2 = ThreadCpu();
        Console.WriteLine(string.Create(inv, $"thread CPU: encode {(cpu1 - cpu0).TotalMilliseconds / 600:0.000} ms/tick (key frame amortized over 60), Brotli-5 of 59 deltas {(cpu2 - cpu1).TotalMilliseconds / 10:0.0} ms = {(cpu2 - cpu1).TotalMilliseconds / 590:0.000} ms/tick"));
        var outBuf = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        var deltas = raw.AsSpan(sizes[0]).ToArray();
        Console.WriteLine(string.Create(inv, $"block of 60: raw {raw.Length} B (key {sizes[0]}, deltas avg {sizes.Skip(1).Average():0})"));
        foreach (int q in new[] { 1, 2, 3, 4, 5, 6 })
        {
            BrotliEncoder.TryCompress(raw, outBuf, out int m, q, 22);
            sw.Restart();
            BrotliEncoder.TryCompress(raw, outBuf, out m, q, 22);
            double keyMs = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            BrotliEncoder.TryCompress(deltas, outBuf, out int d, q, 22);
            Console.WriteLine(string.Create(inv, $"  brotli-{q}: key block {m} B in {keyMs:0.0} ms; deltas only {d} B in {sw.Elapsed.TotalMilliseconds:0.0} ms"));
        }

        foreach (var level in new[] { CompressionLevel.Fastest, CompressionLevel.Optimal })
        {
            using var ms = new MemoryStream();
            sw.Restart();
            using (var z = new ZLibStream(ms, level, leaveOpen: true))
            {
                z.Write(raw);
            }

            Console.WriteLine(string.Create(inv, $"  zlib-{level}: key block {ms.Length} B in {sw.Elapsed.TotalMilliseconds:0.0} ms"));
        }

        // each section's deltas over the block, compressed alone: where the compressed bytes go
        var parts = new (string Name, Action<PayloadWriter, RecordedTick, RecordedTick> Encode)[]
        {
            ("users", (pw, x, y) => ListDiff.Encode(pw, UserRowCodec.Instance, x.Users, y.Users)),
            ("processes", (pw, x, y) => ListDiff.Encode(pw, ProcessRowCodec.HotFirst, x.Processes, y.Processes)),
            ("cgroups", (pw, x, y) => ListDiff.Encode(pw, CgroupRowCodec.Instance, x.Cgroups, y.Cgroups)),
            ("findings", (pw, x, y) => ListDiff.Encode(pw, FindingRowCodec.Instance, x.Findings, y.Findings)),
            ("system", (pw, x, y) => SectionCodecs.WriteSystem(pw, y.System)),
            ("sockets", (pw, x, y) => SectionCodecs.WriteSockets(pw, y.Sockets!)),
        };
        foreach (var (name, encode) in parts)
        {
            var c0 = ThreadCpu();
            for (int rep = 0; rep < 10; rep++)
            {
                var scratch = new PayloadWriter();
                for (int i = 1; i < ticks.Count; i++)
                {
                    encode(scratch, ticks[i - 1], ticks[i]);
                }
            }

            Console.WriteLine(string.Create(inv, $"  {name}: encode {(ThreadCpu() - c0).TotalMilliseconds / 590:0.000} ms/tick thread CPU"));
            var pw = new PayloadWriter();
            for (int i = 1; i < ticks.Count; i++)
            {
                encode(pw, ticks[i - 1], ticks[i]);
            }

            var bytes = pw.Written.ToArray();
            BrotliEncoder.TryCompress(bytes, outBuf, out int c, 5, 22);
            Console.WriteLine(string.Create(inv, $"  {name}: 59 deltas raw {bytes.Length} B, compressed {c} B = {c / 59.0:0} B/tick"));
        }

        // sections of the delta ticks: each list alone against its previous tick
        var a = ticks[30];
        var b = ticks[31];
        Section("users", pw => ListDiff.Encode(pw, UserRowCodec.Instance, a.Users, b.Users));
        Section("processes", pw => ListDiff.Encode(pw, ProcessRowCodec.HotFirst, a.Processes, b.Processes));
        Section("cgroups", pw => ListDiff.Encode(pw, CgroupRowCodec.Instance, a.Cgroups, b.Cgroups));
        Section("findings", pw => ListDiff.Encode(pw, FindingRowCodec.Instance, a.Findings, b.Findings));
        Section("key users", pw => ListDiff.Encode(pw, UserRowCodec.Instance, [], b.Users));
        Section("key processes", pw => ListDiff.Encode(pw, ProcessRowCodec.HotFirst, [], b.Processes));
        Section("key findings", pw => ListDiff.Encode(pw, FindingRowCodec.Instance, [], b.Findings));
        Console.WriteLine(string.Create(inv, $"findings: {b.Findings.Count}, changed vs previous: {b.Findings.Where((f, i) => i >= a.Findings.Count || a.Findings[i] != f).Count()}"));
        foreach (var f in b.Findings.Take(5))
        {
            Console.WriteLine("  " + f.Scope + " " + f.Limit + " " + f.Message);
        }
    }

    private static unsafe TimeSpan ThreadCpu()
    {
        long* ru = stackalloc long[18];
        _ = Tmds.Linux.LibC.syscall(98, 1, ru); // getrusage(RUSAGE_THREAD)
        return TimeSpan.FromTicks((ru[0] + ru[2]) * TimeSpan.TicksPerSecond + ((ru[1] + ru[3]) * 10));
    }

    private static void Section(string name, Action<PayloadWriter> encode)
    {
        var pw = new PayloadWriter();
        encode(pw);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {pw.Length} B"));
    }
}
