using System.Runtime.InteropServices;
using System.Text;
using static Tmds.Linux.LibC;

namespace LimitTop.Serving;

/// <summary>
/// <c>--textfile FILE</c>: the exposition written for node_exporter's textfile collector. Each tick writes a temporary
/// file in the same directory and renames it over FILE, so a reader sees the old file or the new one, never a part.
/// Failures (directory gone, disk full) are logged and the next tick tries again.
/// </summary>
internal sealed unsafe partial class TextfileWriter
{
    private const int Mode = 0x1A4; // 0644: node_exporter may run as another user
    private readonly string _path;
    private readonly string _temp;

    public TextfileWriter(string path)
    {
        _path = Path.GetFullPath(path);
        // node_exporter reads only *.prom: the temporary name must not end so.
        _temp = Path.Combine(Path.GetDirectoryName(_path) ?? "/", "." + Path.GetFileName(_path) + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp");
    }

    public string FilePath => _path;

    /// <summary>Writes and renames; null on success, else what failed.</summary>
    public string? Write(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        int fd;
        fixed (byte* p = Encoding.UTF8.GetBytes(_temp + "\0"))
        {
            fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, Mode);
        }

        if (fd < 0)
        {
            return $"--textfile: cannot create {_temp}: {Error()}";
        }

        string? failure = null;
        fixed (byte* b = bytes)
        {
            int off = 0;
            while (off < bytes.Length)
            {
                long n = write(fd, b + off, bytes.Length - off);
                if (n < 0 && Marshal.GetLastPInvokeError() == EINTR)
                {
                    continue;
                }

                if (n <= 0)
                {
                    failure = $"--textfile: cannot write {_temp}: {Error()}";
                    break;
                }

                off += (int)n;
            }
        }

        if (close(fd) != 0 && failure is null)
        {
            failure = $"--textfile: cannot write {_temp}: {Error()}";
        }

        if (failure is null)
        {
            fixed (byte* from = Encoding.UTF8.GetBytes(_temp + "\0"))
            fixed (byte* to = Encoding.UTF8.GetBytes(_path + "\0"))
            {
                if (rename(from, to) == 0)
                {
                    return null;
                }
            }

            failure = $"--textfile: cannot rename onto {_path}: {Error()}";
        }

        fixed (byte* p = Encoding.UTF8.GetBytes(_temp + "\0"))
        {
            _ = unlink(p);
        }

        return failure;
    }

    private static string Error() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static partial int rename(byte* from, byte* to);
}
