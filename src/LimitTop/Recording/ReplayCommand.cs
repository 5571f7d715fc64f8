using LimitTop.Platform;
using System.Globalization;
using LimitTop.Core.Recording;
using LimitTop.Core.Text;
using LimitTop.RawTerminal;

namespace LimitTop.Recording;

/// <summary>
/// <c>limittop --replay DIR --at TIME --once [--json]</c> (the report of one recorded moment, for scripts and tickets)
/// and <c>--replay DIR --events [--json]</c> (every recorded event, one a line). A journal that cannot be opened or a
/// time that cannot be read is one line on stderr and exit 2; nothing here samples the live kernel.
/// </summary>
internal static class ReplayCommand
{
    /// <summary>Opens the journal, or says why not (one line) and returns null.</summary>
    public static JournalReader? Open(string path)
    {
        try
        {
            var reader = JournalReader.Open(path);
            if (reader.Blocks.Count == 0)
            {
                reader.Dispose();
                Fd.ErrorLine($"limittop: --replay {SafeText.Escape(path)}: no recorded tick there (record with --record DIR)");
                return null;
            }

            return reader;
        }
        catch (FileNotFoundException e)
        {
            Fd.ErrorLine($"limittop: --replay: {SafeText.Escape(e.Message)}");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JournalFormatException)
        {
            Fd.ErrorLine($"limittop: --replay {SafeText.Escape(path)}: {SafeText.Escape(e.Message)}");
            return null;
        }
    }

    /// <summary>The time <paramref name="text"/> names in <paramref name="reader"/>'s journal, or null after saying why.</summary>
    public static DateTimeOffset? Time(JournalReader reader, string? text)
    {
        var end = reader.End!.Value;
        if (text is null)
        {
            return end;
        }

        if (!RecordingTime.TryParse(text, end, TimeSpan.Zero, out var time, out string? error))
        {
            Fd.ErrorLine("limittop: --at " + SafeText.Escape(error!));
            return null;
        }

        if (time < reader.Start!.Value.AddSeconds(-1))
        {
            Fd.ErrorLine($"limittop: --at {SafeText.Escape(text)}: {Stamp(time)} is before the journal, which holds {Stamp(reader.Start.Value)} to {Stamp(end)}");
            return null;
        }

        return time;
    }

    public static int Once(string path, string? at, bool json)
    {
        using var reader = Open(path);
        if (reader is null || Time(reader, at) is not { } time)
        {
            return 2;
        }

        if (RecordingReport.Moment(reader, time, json) is not { } report)
        {
            Fd.ErrorLine($"limittop: --replay {SafeText.Escape(path)}: no readable tick at {Stamp(time)} ({string.Join("; ", reader.Warnings)})");
            return 1;
        }

        return Fd.Write(Fd.Stdout, json ? report + "\n" : SafeText.EscapeLines(report)) ? 0 : 1;
    }

    public static int Events(string path, bool json)
    {
        using var reader = Open(path);
        if (reader is null)
        {
            return 2;
        }

        string lines = RecordingReport.Events(reader, json);
        return Fd.Write(Fd.Stdout, json ? lines : SafeText.EscapeLines(lines)) ? 0 : 1;
    }

    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
