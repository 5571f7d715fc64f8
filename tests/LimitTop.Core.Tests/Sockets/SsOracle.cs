using System.Diagnostics;
using LimitTop.Core.Model;

namespace LimitTop.Core.Tests.Sockets;

/// <summary>Runs iproute2's <c>ss</c> (tests only: product code never starts a process).</summary>
internal static class SsOracle
{
    // ss's sstate_name table, index = kernel state number (7 CLOSE prints as UNCONN).
    private static readonly string[] Names =
        ["UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING"];

    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo("ss") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"ss {string.Join(' ', args)} exited {p.ExitCode}");
        return output;
    }

    public static string[] Lines(params string[] args)
        => Run(args).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Histogram of <c>ss -Htan [filter…]</c> by kernel state number.</summary>
    public static int[] TcpHistogram(params string[] filter)
    {
        var h = new int[12];
        foreach (var line in Lines(["-Htan", .. filter]))
        {
            string state = line.Split(' ', 2)[0];
            int i = Array.IndexOf(Names, state);
            Assert.True(i > 0, $"unknown ss state '{state}' in: {line}");
            h[i]++;
        }

        return h;
    }

    /// <summary>ss filter expression "( src A or dst A )" as separate arguments.</summary>
    public static string[] AddressFilter(string address) => ["(", "src", address, "or", "dst", address, ")"];

    public static int[] ToArray(TcpStateCounts c)
    {
        var h = new int[12];
        for (int i = 1; i < 12; i++)
        {
            h[i] = c[i];
        }

        return h;
    }

    public static string Format(int[] h)
        => string.Join(' ', Enumerable.Range(1, 11).Where(i => h[i] != 0).Select(i => $"{TcpStateCounts.Names[i]}={h[i]}"));
}
