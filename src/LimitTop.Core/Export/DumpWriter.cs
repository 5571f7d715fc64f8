using System.Globalization;
using System.Text;
using LimitTop.Core.Model;
using LimitTop.Core.Procfs;
using LimitTop.Core.Platform;
using Tmds.Linux;
using static Tmds.Linux.LibC;
using LimitTop.Core.Native;

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
/// Files are written through Platform.SafeFileWriter (random O_EXCL temporary names, exactly 0600 — command lines
/// can hold secrets — then linked into place without replacing anything), in a directory reached by SafeDirectory
/// (a symbolic link planted in a user-owned HOME is not followed; created 0700). Every failure (no HOME, unwritable directory, full disk) comes back as a result; nothing throws, and a failed
/// dump leaves no partial file. Synchronous I/O on the calling thread: no thread, no async.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed unsafe class DumpWriter
{
    private const int FileMode = 0x180; // 0600
    private const int DirMode = 0x1C0; // 0700
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

    /// <summary>Writes the pair; with <paramref name="focus"/> only what the focus names is kept (the flight recorder's dumps).</summary>
    public DumpResult Write(Snapshot current, IReadOnlyList<Snapshot>? history = null, DumpFocus? focus = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        history ??= [];
        if (ResolveDirectory(out string? error) is not { } path)
        {
            return new DumpResult(false, error!);
        }

        // Reached without following a link another user planted (a user-owned HOME), created 0700 when missing.
        using var dir = SafeDirectory.Open(path, out error, out _, DirMode);
        if (dir is null)
        {
            return new DumpResult(false, $"dump failed: {error}");
        }

        string stem = "limittop-" + current.TakenAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH-mm-ss'Z'", CultureInfo.InvariantCulture);
        using var json = SafeFileWriter.Create(dir, stem + ".json", FileMode, out error);
        using var text = json is null ? null : SafeFileWriter.Create(dir, stem + ".txt", FileMode, out error);
        if (json is null || text is null)
        {
            return new DumpResult(false, $"dump failed: {error}");
        }

        try
        {
            using (var js = new BufferedStream(json.AsStream(), 64 * 1024))
            {
                if (focus is null)
                {
                    JsonExport.Write(js, current, history);
                }
                else
                {
                    JsonExport.Write(js, focus.Trim(current), [.. history.Select(focus.Trim)], focus.Document(current));
                }

                js.WriteByte((byte)'\n');
            }

            using (var ts = new BufferedStream(text.AsStream(), 64 * 1024))
            {
                ts.Write(Encoding.UTF8.GetBytes(TextExport.Render(current)));
            }
        }
        catch (IOException e)
        {
            // ENOSPC and friends: the temporary files are unlinked by Dispose; no half-written evidence stays.
            return new DumpResult(false, $"dump failed: {Reason(e)} writing in {dir.Path}");
        }

        return Commit(dir, stem, json, text, history.Count);
    }

    /// <summary>Links the pair under the first free name (STEM, STEM-2, …) without ever replacing a file.</summary>
    private static DumpResult Commit(SafeDirectory dir, string stem, SafeFileWriter json, SafeFileWriter text, int earlierCount)
    {
        for (int i = 1; i <= MaxSuffix; i++)
        {
            string name = i == 1 ? stem : $"{stem}-{i}";
            int err = json.Commit(name + ".json", replace: false, fsync: true, out string? error);
            if (err == EEXIST)
            {
                continue;
            }

            if (err != 0)
            {
                return new DumpResult(false, $"dump failed: {error}");
            }

            err = text.Commit(name + ".txt", replace: false, fsync: true, out error);
            if (err != 0)
            {
                // A stray .txt of that name: give the pair the next suffix (the .json link goes again).
                Unlink(dir, name + ".json");
                json.Uncommit();
                if (err == EEXIST)
                {
                    continue;
                }

                return new DumpResult(false, $"dump failed: {error}");
            }

            string jsonPath = Path.Combine(dir.Path, name + ".json"), textPath = Path.Combine(dir.Path, name + ".txt");
            string earlier = earlierCount == 1 ? "1 earlier snapshot" : $"{earlierCount} earlier snapshots";
            return new DumpResult(true, $"dumped to {jsonPath} (+ .txt, {earlier})", jsonPath, textPath);
        }

        return new DumpResult(false, $"dump failed: {MaxSuffix} dumps named {stem} exist already in {dir.Path}");
    }

    private static string Reason(Exception e)
        => e.HResult is > 0 and < 200 ? Errno.Describe(e.HResult) : e.Message; // .NET puts the errno in HResult on Unix

    private static void Unlink(SafeDirectory dir, string name)
    {
        byte[] p = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* pp = p)
        {
            unlinkat(dir.Fd, pp, 0);
        }
    }
}
