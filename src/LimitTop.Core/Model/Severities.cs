namespace LimitTop.Core.Model;


/// <summary>Thresholds shared by the screen, the text output and the diagnosis.</summary>
public static class Severities
{
    public const double WarningPercent = 70;
    public const double CriticalPercent = 90;

    public static Severity Of(double? percent) => percent switch
    {
        null => Severity.Ok,
        >= CriticalPercent => Severity.Critical,
        >= WarningPercent => Severity.Warning,
        _ => Severity.Ok,
    };

    public static double? Percent(long used, long? max) => max is { } m && m > 0 ? used * 100.0 / m : null;
}
