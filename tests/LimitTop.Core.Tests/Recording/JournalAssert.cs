using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

/// <summary>Field-by-field equality of two ticks (record equality compares lists by reference).</summary>
internal static class JournalAssert
{
    public static void SameTick(RecordedTick expected, RecordedTick actual)
    {
        Assert.Equal(expected.Time, actual.Time);
        Assert.Equal(expected.Time.Offset, actual.Time.Offset);
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.System, actual.System);
        Assert.Equal(expected.Users, actual.Users);
        Assert.Equal(expected.Processes.Count, actual.Processes.Count);
        for (int i = 0; i < expected.Processes.Count; i++)
        {
            Assert.Equal(expected.Processes[i], actual.Processes[i]);
        }

        Assert.Equal(expected.Cgroups, actual.Cgroups);
        Assert.True(SectionCodecs.SameSockets(expected.Sockets, actual.Sockets), $"sockets differ at tick {expected.Sequence}");
        Assert.Equal(expected.Findings, actual.Findings);
        Assert.Equal(expected.Forecasts, actual.Forecasts);
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal(expected.Warnings, actual.Warnings);
        Assert.Equal(expected.SampleCpu, actual.SampleCpu);
    }

    /// <summary>Every tick of the journal, first to last, stepping forward.</summary>
    public static List<RecordedTick> ReadAll(JournalReader reader)
    {
        var list = new List<RecordedTick>();
        for (var p = reader.First(); p is { } at; p = reader.Next(at))
        {
            list.Add(reader.Tick(at));
        }

        return list;
    }
}
