using System.Text;
using LimitTop.Core.Platform;

namespace LimitTop.Serving;

/// <summary>
/// <c>--textfile FILE</c>: the exposition written for node_exporter's textfile collector. Each tick writes through
/// Platform.SafeFileWriter: a temporary file with a random name (<c>.FILE.RANDOM.tmp</c>, never <c>*.prom</c>)
/// created O_EXCL|O_NOFOLLOW|O_NONBLOCK — so a link or FIFO planted by the directory's owner (node_exporter's
/// user) is neither written through nor waited on — fchmod'ed to exactly 0644 (node_exporter runs as another user;
/// the unit's UMask=0077 would make it 0600) and renamed over FILE, so a reader sees the old file or the new one,
/// never a part. Failures (directory gone, disk full) are logged and the next tick tries again.
/// </summary>
internal sealed class TextfileWriter
{
    private const int Mode = 0x1A4; // 0644
    private readonly string _path;

    public TextfileWriter(string path) => _path = Path.GetFullPath(path);

    public string FilePath => _path;

    /// <summary>Writes and renames; null on success, else what failed.</summary>
    public string? Write(string text)
        => SafeFileWriter.WriteAll(_path, Encoding.UTF8.GetBytes(text), Mode, fsync: false) is { } error ? "--textfile: " + error : null;
}
