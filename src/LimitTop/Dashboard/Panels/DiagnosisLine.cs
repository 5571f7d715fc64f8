using LimitTop.Core.Model;
using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>The diagnosis's first finding (the limit nearest to refusing a fork), under the gauges.</summary>
public static class DiagnosisLine
{
    public static StyledLine Draw(IReadOnlyList<Finding> diagnosis, int width)
    {
        if (diagnosis.Count == 0)
        {
            return new StyledLine().Add(" no limit found", Tone.Dim);
        }

        var f = diagnosis[0];
        string marker = f.Severity == Severity.Ok ? "[ok]" : Cells.Marker(f.Severity);
        var tone = Cells.ToneOf(f.Severity);
        return new StyledLine().Add(" " + marker + " ", tone).Add(f.Message, f.Severity == Severity.Ok ? Tone.Normal : tone).Clip(width);
    }
}
