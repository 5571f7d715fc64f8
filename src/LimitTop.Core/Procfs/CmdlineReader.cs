using LimitTop.Core.Native;
using LimitTop.Core.Text;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Procfs;

/// <summary>
/// Reads /proc/PID/cmdline with a cap: at most <see cref="MaxBytes"/> bytes are asked of the kernel (which copies only
/// what is asked for from the process's argv pages), and a longer one ends in "…". A process's argv is its owner's to
/// choose — 21 processes with a 1.9 MB argv once took --headless to 1.49 GB, every 5 s a fresh copy kept by 60 s of
/// history (issue 24, finding 2; docs/kernel-limits.md §16). Unchanged command lines are shared: the reader hands back
/// the previous string when the bytes hash the same, so a minute of snapshots holds one copy per process, not twelve.
/// Not thread-safe: one per sampler.
/// </summary>
public sealed unsafe class CmdlineReader
{
    /// <summary>Bytes read at most (htop shows far less; a terminal line is shorter still).</summary>
    public const int MaxBytes = 4096;

    /// <summary>What a cut command line ends with.</summary>
    public const string Truncated = "…";

    private readonly byte[] _buffer = new byte[MaxBytes + 1]; // one more, to know a cut from an exact fit

    /// <summary>
    /// The escaped command line at <paramref name="relativePath"/> (under <paramref name="proc"/>), or
    /// <paramref name="previous"/> itself when the bytes are those it was made from (<paramref name="hash"/> is
    /// updated); "" when it cannot be read.
    /// </summary>
    public string Read(FileReader proc, ReadOnlySpan<char> relativePath, string previous, ref int hash)
    {
        ArgumentNullException.ThrowIfNull(proc);
        int fd = proc.Open(relativePath, out _);
        if (fd < 0)
        {
            hash = 0;
            return "";
        }

        int total;
        try
        {
            total = ReadAtMost(fd);
        }
        finally
        {
            Posix.Close(fd);
        }

        if (total <= 0)
        {
            hash = 0;
            return "";
        }

        var raw = new ReadOnlySpan<byte>(_buffer, 0, total);
        var h = new HashCode();
        h.AddBytes(raw);
        int now = h.ToHashCode();
        if (now == hash && previous.Length > 0)
        {
            return previous;
        }

        hash = now;
        return total > MaxBytes ? SafeText.FromCmdline(raw[..MaxBytes]) + Truncated : SafeText.FromCmdline(raw);
    }

    private int ReadAtMost(int fd)
    {
        int total = 0;
        fixed (byte* p = _buffer)
        {
            while (total < _buffer.Length)
            {
                long n = pread(fd, p + total, _buffer.Length - total, total);
                if (n < 0)
                {
                    if (errno == EINTR)
                    {
                        continue;
                    }

                    return total > 0 ? total : -1;
                }

                if (n == 0)
                {
                    break;
                }

                total += (int)n;
            }
        }

        return total;
    }
}
