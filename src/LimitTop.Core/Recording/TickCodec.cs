using LimitTop.Core.Model;
using LimitTop.Core.Trends;

namespace LimitTop.Core.Recording;

/// <summary>
/// One tick of a block's payload (docs/recording.md "Payload"): a key frame when there is no previous tick, else a
/// delta to it. <see cref="Encode"/> returns what the reader will rebuild, which is the previous tick of the next call.
/// </summary>
public static class TickCodec
{
    private const byte Same = 0;
    private const byte Full = 1;
    private const byte None = 1;
    private const byte FullSockets = 2;

    public static DateTimeOffset Time(long unixMs)
        => DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(unixMs, -62_135_596_800_000L, 253_402_300_799_999L));

    public static RecordedTick Encode(PayloadWriter w, RecordedTick? prev, RecordedTick cur)
    {
        ArgumentNullException.ThrowIfNull(cur);
        long time = cur.Time.ToUnixTimeMilliseconds();
        w.Signed(prev is null ? time : time - prev.Time.ToUnixTimeMilliseconds());
        w.Signed(prev is null ? cur.Sequence : cur.Sequence - prev.Sequence);

        var system = MeterCodec.Normalize(SectionCodecs.Normalize(cur.System));
        var prevSystem = prev is null ? null : MeterCodec.WithMetersOf(prev.System, system); // the meters are a section of their own
        if (prevSystem is not null && prevSystem == system)
        {
            w.Byte(Same);
            system = prevSystem;
        }
        else
        {
            w.Byte(Full);
            SectionCodecs.WriteSystem(w, system);
        }

        var users = ListDiff.Encode(w, UserRowCodec.Instance, prev?.Users ?? [], cur.Users);
        var procs = ListDiff.Encode(w, ProcessRowCodec.HotFirst, prev?.Processes ?? [], cur.Processes);
        var cgroups = ListDiff.Encode(w, CgroupRowCodec.Instance, prev?.Cgroups ?? [], cur.Cgroups);

        var sockets = cur.Sockets is { } so ? SectionCodecs.Normalize(so) : null;
        if (prev is not null && SectionCodecs.SameSockets(prev.Sockets, sockets))
        {
            w.Byte(Same);
            sockets = prev.Sockets;
        }
        else if (sockets is null)
        {
            w.Byte(None);
        }
        else
        {
            w.Byte(FullSockets);
            SectionCodecs.WriteSockets(w, sockets);
        }

        var findings = ListDiff.Encode(w, FindingRowCodec.Instance, prev?.Findings ?? [], cur.Findings);
        var forecasts = ListDiff.Encode(w, ForecastRowCodec.Instance, prev?.Forecasts ?? [], cur.Forecasts);
        var events = ListDiff.Encode(w, EventRowCodec.Instance, prev?.Events ?? [], cur.Events);
        var warnings = ListDiff.Encode(w, WarningRowCodec.Instance, prev?.Warnings ?? [], cur.Warnings);
        w.Signed(cur.SampleCpu.Ticks);
        var refusals = RefusalCodec.Encode(w, prev?.Refusals, cur.Refusals, first: prev is null);
        var names = ListDiff.Encode(w, NameRowCodec.Instance, prev?.Names ?? [], cur.Names);
        MeterCodec.Write(w, prev?.System, system);

        return new RecordedTick
        {
            Time = Time(time),
            Sequence = cur.Sequence,
            System = system,
            Users = users,
            Processes = procs,
            Cgroups = cgroups,
            Sockets = sockets,
            Findings = findings,
            Forecasts = forecasts,
            Events = events,
            Warnings = warnings,
            SampleCpu = cur.SampleCpu,
            Refusals = refusals,
            Names = names,
        };
    }

    /// <summary>One tick of a segment of format <paramref name="format"/> (1: no refusals, no names; 1 and 2: no meters).</summary>
    public static RecordedTick Decode(PayloadReader r, RecordedTick? prev, int format = JournalLayout.Version)
    {
        long time = r.Signed();
        long seq = r.Signed();
        if (prev is not null)
        {
            time += prev.Time.ToUnixTimeMilliseconds();
            seq += prev.Sequence;
        }

        SystemUsage system = r.Byte() switch
        {
            Same when prev is not null => prev.System,
            Full => SectionCodecs.ReadSystem(r),
            _ => throw new JournalFormatException("bad system section"),
        };
        var users = ListDiff.Decode(r, UserRowCodec.Instance, prev?.Users ?? []);
        var procs = ListDiff.Decode(r, ProcessRowCodec.Of(format), prev?.Processes ?? []);
        var cgroups = ListDiff.Decode(r, CgroupRowCodec.Instance, prev?.Cgroups ?? []);
        SocketSummary? sockets = r.Byte() switch
        {
            Same when prev is not null => prev.Sockets,
            None => null,
            FullSockets => SectionCodecs.ReadSockets(r),
            _ => throw new JournalFormatException("bad sockets section"),
        };
        Finding[] findings = ListDiff.Decode(r, FindingRowCodec.Instance, prev?.Findings ?? []);
        RecordedForecast[] forecasts = ListDiff.Decode(r, ForecastRowCodec.Instance, prev?.Forecasts ?? []);
        TrendEvent[] events = ListDiff.Decode(r, EventRowCodec.Instance, prev?.Events ?? []);
        string[] warnings = ListDiff.Decode(r, WarningRowCodec.Instance, prev?.Warnings ?? []);
        var sampleCpu = TimeSpan.FromTicks(r.Signed());
        RefusalSummary? refusals = format >= 2 ? RefusalCodec.Decode(r, prev?.Refusals) : null;
        IReadOnlyList<CgroupName> names = format >= 2 ? ListDiff.Decode(r, NameRowCodec.Instance, prev?.Names ?? []) : [];
        if (format >= 3)
        {
            system = MeterCodec.Read(r, prev?.System, system);
        }

        return new RecordedTick
        {
            Time = Time(time),
            Sequence = seq,
            System = system,
            Users = users,
            Processes = procs,
            Cgroups = cgroups,
            Sockets = sockets,
            Findings = findings,
            Forecasts = forecasts,
            Events = events,
            Warnings = warnings,
            SampleCpu = sampleCpu,
            Refusals = refusals,
            Names = names,
        };
    }
}
