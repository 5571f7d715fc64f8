namespace LimitTop.Core.Model;

/// <summary>One value of a series: seconds since the tracker's epoch and the figure (a count; float keeps 24 bits exact).</summary>
public readonly record struct SeriesPoint(int Second, float Value);
