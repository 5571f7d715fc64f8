namespace LimitTop.Core.Model;

/// <summary>
/// The findings a reader is shown, in the one order Core gives them (Analysis/DiagnosisBuilder ranks by how close a
/// limit is to refusing a fork; Trends/ForecastWords.Rank puts a limit spent now ahead of any forecast): those
/// with a limit (an unlimited figure refuses nothing). <c>--once</c> prints the first of them, the dashboard's
/// findings list (f) all of them — the same list, so the two never rank differently.
/// </summary>
public static class RankedFindings
{
    public static IReadOnlyList<Finding> Of(IReadOnlyList<Finding> diagnosis)
        => diagnosis.Where(f => f.Percent is not null).ToList();
}
