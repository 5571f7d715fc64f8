using System.Text;
using System.Text.Json;
using LimitTop.Core.Export;

namespace LimitTop.Core.Recording;

/// <summary>
/// The outputs of <c>--replay DIR --at TIME --once [--json]</c> and <c>--replay DIR --events [--json]</c>, given an
/// open journal (the command line is the host's): the existing text and JSON reports of the recorded moment, and
/// the events one a line.
/// </summary>
public static class RecordingReport
{
    /// <summary>The report of the tick at or before <paramref name="time"/>; null when the journal has no tick.</summary>
    public static string? Moment(JournalReader reader, DateTimeOffset time, bool json)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.Seek(time) is not { } at)
        {
            return null;
        }

        var snapshot = reader.Tick(at).ToSnapshot();
        return json ? JsonExport.Serialize(snapshot) : "REPLAY " + TextExport.Render(snapshot);
    }

    /// <summary>Every recorded event, oldest first, one a line (text, or one JSON object per line).</summary>
    public static string Events(JournalReader reader, bool json)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var sb = new StringBuilder();
        foreach (var e in reader.Events())
        {
            if (json)
            {
                using var buffer = new MemoryStream();
                using (var w = new Utf8JsonWriter(buffer))
                {
                    JsonSerializer.Serialize(w, TrendDocuments.Event(e.Event), SnapshotJsonContext.Default.EventDocument);
                }

                sb.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
            }
            else
            {
                sb.Append(e.Event.Time.UtcDateTime.ToString("yyyy-MM-dd ", System.Globalization.CultureInfo.InvariantCulture))
                    .Append(e.Event.ToString()).Append('\n');
            }
        }

        return sb.ToString();
    }
}
