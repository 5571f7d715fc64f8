using System.Globalization;
using System.Text;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LimitTop.Core.Export;

/// <summary>The outcome of a dump, in words for the status bar.</summary>
public sealed record DumpResult(bool Ok, string Message, string? JsonPath = null, string? TextPath = null)
{
    public override string ToString() => Message;
}

/// <summary>
/// Writes the snapshot on screen plus the earlier ones to a timestamped pair of files:
/// <c>limittop-2026-11-26T15-52-02Z.json</c> (schema limittop.snapshot/1 with <c>history</c>, oldest first) and
/// <c>.txt</c> (the <c>--once</c> report). A second dump within the same second gets <c>-2</c>, <c>-3</c> ….
/// Files are created with O_CREAT|O_EXCL and mode 0600 (command lines can hold secrets), the directory with 0700.
/// Every failure (no HOME, unwritable directory, full disk) comes back as a result; nothing throws, and a failed
/// dump leaves no partial file. Synchronous I/O on the calling thread: no thread, no async.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed unsafe class DumpWriter
{
    private const int FileMode = 0x180; // 0600
    private const UnixFileMode DirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const int MaxSuffix = 100;

    private readonly string? _explicitDir;
    private readonly Func<string, string?> _getEnv;

    /// <param name="explicitDir">--dump-dir; null for the XDG default.</param>
    /// <param name="getEnv">Environment lookup (tests substitute it).</param>
    public DumpWriter(string? explicitDir = null, Func<string, string?>? getEnv = null)
    {
        _explicitDir = string.IsNullOrEmpty(explicitDir) ? null : explicitDir;
        _getEnv = getEnv ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>
    /// --dump-dir, else $XDG_STATE_HOME/limittop (only when absolute, as the XDG spec requires), else
    /// $HOME/.local/state/limittop; null with a reason when none can be found.
    /// </summary>
    public string? ResolveDirectory(out string? error)
    {
        error = null;
        if (_explicitDir is not null)
        {
            return Path.GetFullPath(_explicitDir);
        }

        if (_getEnv("XDG_STATE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "limittop");
        }

        if (_getEnv("HOME") is { Length: > 0 } home && Path.IsPathRooted(home))
        {
            return Path.Combine(home, ".local", "state", "limittop");
        }

        error = "dump failed: no directory — HOME and XDG_STATE_HOME are not set; start limittop with --dump-dir";
        return null;
    }

    public DumpResult Write(Snapshot current, IReadOnlyList<Snapshot>? history = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        history ??= [];
        if (ResolveDirectory(out string? error) is not { } dir)
        {
            return new DumpResult(false, error!);
        }

        if (DumpDirectory.Problem(dir) is { } problem)
        {
            return new DumpResult(false, "dump failed: " + problem);
        }

        try
        {
            Directory.CreateDirectory(dir, DirMode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new DumpResult(false, $"dump failed: cannot create {dir}: {e.Message}");
        }

        string stem = "limittop-" + current.TakenAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH-mm-ss'Z'", CultureInfo.InvariantCulture);
        string? jsonPath = null, textPath = null, writing = null;
        int jsonFd = -1, textFd = -1;
        try
        {
            for (int i = 1; i <= MaxSuffix && textFd < 0; i++)
            {
                string name = i == 1 ? stem : $"{stem}-{i}";
                string j = Path.Combine(dir, name + ".json"), t = Path.Combine(dir, name + ".txt");
                jsonFd = CreateExclusive(j, out int err);
                if (jsonFd < 0)
                {
                    if (err == EEXIST)
                    {
                        continue;
                    }

                    return new DumpResult(false, $"dump failed: cannot create {j}: {Errno.Describe(err)}");
                }

                jsonPath = j;
                textFd = CreateExclusive(t, out err);
                if (textFd < 0)
                {
                    // A stray .txt of that name: give the pair the next suffix instead.
                    close(jsonFd);
                    jsonFd = -1;
                    Unlink(j);
                    jsonPath = null;
                    if (err != EEXIST)
                    {
                        return new DumpResult(false, $"dump failed: cannot create {t}: {Errno.Describe(err)}");
                    }
                }
                else
                {
                    textPath = t;
                }
            }

            if (jsonPath is null || textPath is null)
            {
                return new DumpResult(false, $"dump failed: {MaxSuffix} dumps named {stem} exist already in {dir}");
            }

            writing = jsonPath;
            using (var js = Stream(ref jsonFd))
            {
                JsonExport.Write(js, current, history);
                js.WriteByte((byte)'\n');
            }

            writing = textPath;
            using (var ts = Stream(ref textFd))
            {
                byte[] text = Encoding.UTF8.GetBytes(TextExport.Render(current));
                ts.Write(text);
            }

            string earlier = history.Count == 1 ? "1 earlier snapshot" : $"{history.Count} earlier snapshots";
            return new DumpResult(true, $"dumped to {jsonPath} (+ .txt, {earlier})", jsonPath, textPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or InvalidOperationException)
        {
            // ENOSPC and friends surface here (write or the final flush); keep no half-written evidence.
            RemovePartial(jsonPath, textPath);
            jsonPath = textPath = null;
            return new DumpResult(false, $"dump failed: {Reason(e)}" + (writing is null ? "" : $" writing {writing}"));
        }
        finally
        {
            if (jsonFd >= 0)
            {
                close(jsonFd);
            }

            if (textFd >= 0)
            {
                close(textFd);
            }
        }
    }

    private static string Reason(Exception e)
        => e.HResult is > 0 and < 200 ? Errno.Describe(e.HResult) : e.Message; // .NET puts the errno in HResult on Unix

    private static FileStream Stream(ref int fd)
    {
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        fd = -1; // the stream owns it now
        return new FileStream(handle, FileAccess.Write, bufferSize: 64 * 1024);
    }

    private static int CreateExclusive(string path, out int error)
    {
        byte[] p = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* pp = p)
        {
            fd = open(pp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, FileMode);
        }

        if (fd < 0)
        {
            error = errno;
            return -1;
        }

        // The umask may have taken bits away; make it exactly 0600 (never more).
        fchmod(fd, FileMode);
        error = 0;
        return fd;
    }

    private static void RemovePartial(string? a, string? b)
    {
        if (a is not null)
        {
            Unlink(a);
        }

        if (b is not null)
        {
            Unlink(b);
        }
    }

    private static void Unlink(string path)
    {
        byte[] p = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* pp = p)
        {
            unlink(pp);
        }
    }
}
