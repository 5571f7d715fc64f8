namespace LimitTop.Core.Sampling;

public sealed partial class Sampler
{
    /// <summary>
    /// The optional reads of the next samples (htop's column flags): without <see cref="ReadNeeds.FdCounts"/> no
    /// process's fd directory is touched and <c>Fds</c> is null; without <see cref="ReadNeeds.ProcessSockets"/> the
    /// fd → socket scan does not run and <c>Sockets</c> is null (not pending). The UI sets it from the visible
    /// columns (<c>Columns/ColumnSpec.NeedsOf</c>); it may change between samples.
    /// </summary>
    public ReadNeeds Needs { get; set; } = ReadNeeds.All;

    /// <summary>How many per-process fd counts the sampler has taken (a witness that hiding FDS stops them).</summary>
    public long FdCountReads { get; private set; }

    private bool Need(ReadNeeds what) => (Needs & what) == what;
}
