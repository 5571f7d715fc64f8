namespace LimitTop.Core.Naming;

/// <summary>
/// The stamps of the runtimes' files, each taken at most once per <c>validity</c> milliseconds: the 200 containers
/// of one Podman store cost one fstatat of its containers.json, not 200. Bounded: forgotten wholesale past 4,096
/// files (a cache, rebuilt on the next rechecks).
/// </summary>
internal sealed class SourceStamps
{
    private const int Bound = 4096;
    private readonly Dictionary<string, (FileStamp Stamp, long At)> _stamps = new(StringComparer.Ordinal);
    private readonly long _validity;

    public SourceStamps(long validityMilliseconds) => _validity = validityMilliseconds;

    /// <summary>The file's stamp, taken again when the last one is older than the validity.</summary>
    public FileStamp Of(string file, long now)
        => _stamps.TryGetValue(file, out var s) && now - s.At < _validity ? s.Stamp : Fresh(file, now);

    /// <summary>The file's stamp now (after the file was read: the version the name came from).</summary>
    public FileStamp Fresh(string file, long now)
    {
        if (_stamps.Count >= Bound)
        {
            _stamps.Clear();
        }

        var stamp = NamerFileReader.Stamp(file);
        _stamps[file] = (stamp, now);
        return stamp;
    }
}
