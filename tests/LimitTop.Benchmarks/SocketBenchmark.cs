using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using LimitTop.Core.Procfs;
using LimitTop.Core.Sockets;

namespace LimitTop.Benchmarks;

/// <summary>
/// One socket sample at a given load, next to what it replaces: reading /proc/net/tcp{,6} and running <c>ss -tan</c>.
/// Load = docs/kernel-limits.md §9's setup: 9,000 ESTABLISHED pairs, 1,000 CLOSE_WAIT (+ 1,000 orphaned FIN_WAIT2) and 2
/// listeners on 127.78.0.1 = 20,002 sockets in 19,000 fds (the hard RLIMIT_NOFILE here is 20,000).
/// Run: dotnet run -c Release --project tests/LimitTop.Benchmarks -- --filter '*SocketBenchmark*' --job short
/// </summary>
[MemoryDiagnoser]
public class SocketBenchmark
{
    private SocketLoad? _load;
    private SocketSampler _full = null!;
    private SocketSampler _counters = null!;
    private SocketSampler _countersOnly = null!;
    private SocketSampler _proc = null!;
    private SocketSampler _withScan = null!;
    private FileReader _reader = null!;
    private int[] _pids = [];

    /// <summary>Loopback sockets added by the benchmark (0: the machine as it is).</summary>
    [Params(0, 20_000)]
    public int Sockets { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _load = Sockets > 0 ? SocketLoad.Create(Sockets) : null;
        _full = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { ScanProcesses = false, FullScanEveryTickBelow = int.MaxValue });
        _counters = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions
        {
            ScanProcesses = false,
            FullScanEveryTickBelow = 0,
            FullScanInterval = TimeSpan.FromDays(1),
            SmallStatesInterval = TimeSpan.Zero, // a tick that walks the small states (default: one tick in 5 s)
        });
        _countersOnly = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions
        {
            ScanProcesses = false,
            FullScanEveryTickBelow = 0,
            FullScanInterval = TimeSpan.FromDays(1),
            SmallStatesInterval = TimeSpan.FromDays(1),
        });
        _countersOnly.Sample();
        _countersOnly.Sample(); // (the first sample reads counters, the second walks everything; later ones are what is measured)
        _proc = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { ScanProcesses = false, ForceProcFallback = true });
        _withScan = new SocketSampler(ProcRoot.Default, new SocketSamplerOptions { ProcessScanInterval = TimeSpan.Zero });
        _reader = new FileReader("/proc");
        _pids = [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!, System.Globalization.CultureInfo.InvariantCulture))];
        _counters.Sample(); // the first sample reads counters, the second walks everything, later ones take the counter path
        _counters.Sample();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _full.Dispose();
        _counters.Dispose();
        _countersOnly.Dispose();
        _proc.Dispose();
        _withScan.Dispose();
        _reader.Dispose();
        _load?.Dispose();
    }

    /// <summary>Every socket walked over netlink: histogram, v4/v6, ephemeral tuple, per uid.</summary>
    [Benchmark(Baseline = true)]
    public object NetlinkFullWalk() => _full.Sample();

    /// <summary>The at-scale tick: counters for ESTABLISHED/TIME_WAIT plus a dump of the other states.</summary>
    [Benchmark]
    public object NetlinkCounterPath() => _counters.Sample();

    /// <summary>The four ticks in five that walk nothing: counters and the small states remembered.</summary>
    [Benchmark]
    public object CountersOnlyTick() => _countersOnly.Sample();

    [Benchmark]
    public object ProcNetFallback() => _proc.Sample();

    /// <summary>Reading /proc/net/tcp and tcp6 with no parsing at all: the floor of the /proc path.</summary>
    [Benchmark]
    public int ReadProcNetTcpOnly()
    {
        int n = 0;
        n += _reader.TryRead("net/tcp", out var a, out _) ? a.Length : 0;
        n += _reader.TryRead("net/tcp6", out var b, out _) ? b.Length : 0;
        return n;
    }

    /// <summary>Full walk plus the fd → inode scan of every process (the 10 s cadence part).</summary>
    [Benchmark]
    public object FullWalkWithProcessScan() => _withScan.Sample(_pids);

    /// <summary><c>ss -tan &gt; /dev/null</c> (wall time, including process start).</summary>
    [Benchmark]
    public int SsTan()
    {
        using var p = Process.Start(new ProcessStartInfo("ss", "-tan") { RedirectStandardOutput = true, UseShellExecute = false })!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }
}

/// <summary>Loopback sockets in the states of docs/kernel-limits.md §9's measurement; disposing resets every connection.</summary>
public sealed class SocketLoad : IDisposable
{
    private readonly List<Socket> _sockets = [];

    private SocketLoad()
    {
    }

    public static SocketLoad Create(int total)
    {
        var load = new SocketLoad();
        var address = IPAddress.Parse("127.78.0.1");
        int closeWait = total / 20;               // 1,000 at 20,000
        int pairs = (total - 2 * closeWait) / 2;  // 9,000 ESTABLISHED pairs
        var l1 = load.Listen(address);
        var l2 = load.Listen(address);
        for (int i = 0; i < pairs; i++)
        {
            load.Connect(l1, keepClient: true);
        }

        for (int i = 0; i < closeWait; i++)
        {
            // The client closes: it becomes an orphaned FIN_WAIT2, the accepted end stays in CLOSE_WAIT.
            load.Connect(l2, keepClient: false);
        }

        return load;
    }

    private Socket Listen(IPAddress address)
    {
        var l = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(l);
        l.Bind(new IPEndPoint(address, 0));
        l.Listen(4096);
        return l;
    }

    private void Connect(Socket listener, bool keepClient)
    {
        var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        c.Connect(listener.LocalEndPoint!);
        _sockets.Add(listener.Accept());
        if (keepClient)
        {
            _sockets.Add(c);
        }
        else
        {
            c.Close();
        }
    }

    public void Dispose()
    {
        foreach (var s in _sockets)
        {
            try
            {
                s.LingerState = new LingerOption(true, 0); // RST: nothing left in TIME_WAIT
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }

            s.Dispose();
        }

        _sockets.Clear();
    }
}
