using LimitTop.Core.Model;

namespace LimitTop.Core.Recording;

/// <summary>The one-row sections of a tick: the system and the socket summary (docs/recording.md "Payload").</summary>
public static class SectionCodecs
{
    /// <summary>The system row as the reader gets it back: load averages in hundredths (the kernel's precision).</summary>
    public static SystemUsage Normalize(SystemUsage s)
    {
        double l1 = Hundredths(s.LoadAverage1) / 100.0, l5 = Hundredths(s.LoadAverage5) / 100.0, l15 = Hundredths(s.LoadAverage15) / 100.0;
        return l1 == s.LoadAverage1 && l5 == s.LoadAverage5 && l15 == s.LoadAverage15
            ? s
            : s with { LoadAverage1 = l1, LoadAverage5 = l5, LoadAverage15 = l15 };
    }

    public static void WriteSystem(PayloadWriter w, SystemUsage s)
    {
        w.String(s.Hostname);
        w.Signed(s.Uptime.Ticks);
        w.Signed(s.Tasks);
        w.Signed(s.ThreadsMax);
        w.Signed(s.PidsUsed);
        w.Signed(s.PidMax);
        w.Signed(s.PidsUsable);
        w.Signed(s.PidsLowest);
        w.Signed(s.PidsHeldByGroups);
        w.Signed(s.OpenFiles);
        w.Signed(s.FileMax);
        w.Nullable(s.NrOpen);
        w.Signed(s.OvercommitMode);
        w.Nullable(s.CommittedAsBytes);
        w.Nullable(s.CommitLimitBytes);
        w.Signed(Hundredths(s.LoadAverage1));
        w.Signed(Hundredths(s.LoadAverage5));
        w.Signed(Hundredths(s.LoadAverage15));
        w.Signed(s.Processes);
    }

    public static SystemUsage ReadSystem(PayloadReader r) => new()
    {
        Hostname = r.String(),
        Uptime = TimeSpan.FromTicks(r.Signed()),
        Tasks = r.Signed(),
        ThreadsMax = r.Signed(),
        PidsUsed = r.Signed(),
        PidMax = r.Signed(),
        PidsUsable = r.Signed(),
        PidsLowest = r.Int32(),
        PidsHeldByGroups = r.Int32(),
        OpenFiles = r.Signed(),
        FileMax = r.Signed(),
        NrOpen = r.Nullable(),
        OvercommitMode = r.Int32(),
        CommittedAsBytes = r.Nullable(),
        CommitLimitBytes = r.Nullable(),
        LoadAverage1 = r.Signed() / 100.0,
        LoadAverage5 = r.Signed() / 100.0,
        LoadAverage15 = r.Signed() / 100.0,
        Processes = r.Int32(),
    };

    public static SocketSummary Normalize(SocketSummary s)
        => s.TakenAt.Ticks % TimeSpan.TicksPerMillisecond == 0 ? s : s with { TakenAt = TickCodec.Time(s.TakenAt.ToUnixTimeMilliseconds()) };

    /// <summary>Record equality compares lists by reference: compare them by content.</summary>
    public static bool SameSockets(SocketSummary? a, SocketSummary? b)
        => ReferenceEquals(a, b) || (a is not null && b is not null
            && a with { PerUid = null, Warnings = [] } == b with { PerUid = null, Warnings = [] }
            && Same(a.PerUid, b.PerUid) && Same(a.Warnings, b.Warnings));

    public static void WriteSockets(PayloadWriter w, SocketSummary s)
    {
        w.Signed(s.TakenAt.ToUnixTimeMilliseconds());
        w.Byte((byte)s.Source);
        Tcp(w, s.Tcp);
        w.Byte((byte)((s.TcpV4 is null ? 0 : 1) | (s.TcpV6 is null ? 0 : 2) | (s.EphemeralPorts is null ? 0 : 4)
            | (s.EphemeralPorts?.Worst is null ? 0 : 8) | (s.PerUid is null ? 0 : 16) | (s.ProcessScanPending ? 32 : 0)));
        if (s.TcpV4 is { } v4) Tcp(w, v4);
        if (s.TcpV6 is { } v6) Tcp(w, v6);
        w.Signed(s.UdpV4);
        w.Signed(s.UdpV6);
        w.Nullable(s.DetailAge?.Ticks);
        w.Nullable(s.TimeWaitBuckets);
        w.Nullable(s.TimeWaitBucketsMax);
        w.Nullable(s.Orphans);
        w.Nullable(s.OrphansMax);
        w.Nullable(s.CurrEstab);
        w.Nullable(s.ListenOverflows);
        w.Signed(s.ListenOverflowsSinceStart);
        w.Nullable(s.ListenDrops);
        w.Nullable(s.TimeWaitOverflows);
        w.Signed(s.TimeWaitOverflowsSinceStart);
        if (s.EphemeralPorts is { } e)
        {
            w.Signed(e.Low);
            w.Signed(e.High);
            w.Signed(e.Reserved);
            if (e.Worst is { } t)
            {
                w.String(t.Local);
                w.String(t.Remote);
                w.Signed(t.RemotePort);
                w.Signed(t.Used);
            }
        }

        if (s.PerUid is { } perUid)
        {
            w.Varint((ulong)perUid.Count);
            foreach (var u in perUid)
            {
                w.Signed(u.Uid);
                w.Signed(u.Tcp);
                w.Signed(u.Udp);
            }
        }

        w.Nullable(s.ProcessScanAge?.Ticks);
        w.Nullable(s.UnattributedSockets);
        w.Varint((ulong)s.Warnings.Count);
        foreach (var line in s.Warnings)
        {
            w.String(line);
        }
    }

    public static SocketSummary ReadSockets(PayloadReader r)
    {
        var takenAt = TickCodec.Time(r.Signed());
        var source = (SocketSource)Math.Min(r.Byte(), (byte)SocketSource.ProcNet);
        var tcp = Tcp(r);
        byte flags = r.Byte();
        var v4 = (flags & 1) != 0 ? Tcp(r) : null;
        var v6 = (flags & 2) != 0 ? Tcp(r) : null;
        var s = new SocketSummary
        {
            TakenAt = takenAt, Source = source, Tcp = tcp, TcpV4 = v4, TcpV6 = v6,
            UdpV4 = r.Int32(), UdpV6 = r.Int32(),
            DetailAge = Span(r.Nullable()),
            TimeWaitBuckets = r.Nullable(), TimeWaitBucketsMax = r.Nullable(),
            Orphans = r.Nullable(), OrphansMax = r.Nullable(), CurrEstab = r.Nullable(),
            ListenOverflows = r.Nullable(), ListenOverflowsSinceStart = r.Signed(), ListenDrops = r.Nullable(),
            TimeWaitOverflows = r.Nullable(), TimeWaitOverflowsSinceStart = r.Signed(),
            ProcessScanPending = (flags & 32) != 0,
        };
        if ((flags & 4) != 0)
        {
            var e = new EphemeralPorts { Low = r.Int32(), High = r.Int32(), Reserved = r.Int32() };
            s = s with { EphemeralPorts = (flags & 8) != 0 ? e with { Worst = new PortTuple(r.String(), r.String(), r.Int32(), r.Int32()) } : e };
        }

        if ((flags & 16) != 0)
        {
            var perUid = new UidSockets[r.Count()];
            for (int i = 0; i < perUid.Length; i++)
            {
                perUid[i] = new UidSockets(r.Int32(), r.Int32(), r.Int32());
            }

            s = s with { PerUid = perUid };
        }

        s = s with { ProcessScanAge = Span(r.Nullable()), UnattributedSockets = r.NullableInt32() };
        var warnings = new string[r.Count()];
        for (int i = 0; i < warnings.Length; i++)
        {
            warnings[i] = r.String();
        }

        return s with { Warnings = warnings };
    }

    private static void Tcp(PayloadWriter w, TcpStateCounts c)
    {
        for (int state = 1; state <= 11; state++)
        {
            w.Signed(c[state]);
        }
    }

    private static TcpStateCounts Tcp(PayloadReader r)
    {
        Span<int> h = stackalloc int[12];
        for (int state = 1; state <= 11; state++)
        {
            h[state] = r.Int32();
        }

        return TcpStateCounts.FromHistogram(h);
    }

    private static TimeSpan? Span(long? ticks) => ticks is { } t ? TimeSpan.FromTicks(t) : null;

    private static long Hundredths(double v) => (long)Math.Round(v * 100, MidpointRounding.AwayFromZero);

    private static bool Same<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b)
        => ReferenceEquals(a, b) || (a is not null && b is not null && a.SequenceEqual(b));
}
