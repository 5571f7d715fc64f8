using LimitTop.Core.Platform;
using static Tmds.Linux.LibC;
using LimitTop.Core.Native;

namespace LimitTop.Core.Recording;

/// <summary>
/// The journal's files through the platform layer (Core/Platform): the directory is reached without following a
/// link another user planted (<see cref="SafeDirectory"/>), each segment is created new — never an existing name,
/// never through a link — with mode exactly 0640 (<see cref="SafeFileWriter.CreateForAppend"/>), and written with
/// the one write-all loop (<see cref="FdWrite"/>).
/// </summary>
public sealed class SafeJournalFiles(string directory) : IJournalFiles
{
    private const int FileMode = 0x1A0; // 0640
    private const int DirMode = 0x1C0;  // 0700: the flight recorder dumps into the same directory, 0700 (the journal holds every command line)
    private SafeDirectory? _dir;

    public string Directory { get; } = directory;

    public int OpenDirectory()
    {
        if (_dir is not null)
        {
            return 0;
        }

        _dir = SafeDirectory.Open(Directory, out _, out int errno, DirMode);
        return _dir is null ? (errno != 0 ? errno : Errno.EACCES) : 0;
    }

    public int Create(string name, out int handle)
    {
        handle = -1;
        int e = OpenDirectory();
        if (e != 0)
        {
            return e;
        }

        handle = SafeFileWriter.CreateForAppend(_dir!, name, FileMode, out e);
        return handle < 0 ? e : 0;
    }

    public int Write(int handle, ReadOnlySpan<byte> data) => FdWrite.WriteAll(handle, data, out int error) ? 0 : error;

    public int Sync(int handle) => fsync(handle) < 0 ? errno : 0;

    public int SyncDirectory() => _dir is null ? 0 : fsync(_dir.Fd) < 0 ? errno : 0;

    public void Close(int handle)
    {
        if (handle >= 0)
        {
            close(handle);
        }
    }

    public int Delete(string name)
    {
        if (_dir is null)
        {
            return EBADF;
        }

        return SafeFileWriter.Unlink(_dir.Fd, name);
    }

    public IReadOnlyList<JournalFileEntry> List()
    {
        var list = new List<JournalFileEntry>();
        try
        {
            foreach (var f in new DirectoryInfo(Directory).EnumerateFiles("limittop-*" + JournalLayout.Extension))
            {
                if (f.LinkTarget is null && JournalLayout.TryParseSegmentName(f.Name, out _))
                {
                    list.Add(new JournalFileEntry(f.Name, f.Length));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // an unreadable directory lists nothing: retention waits for the next try
        }

        return list;
    }

    public void Dispose()
    {
        _dir?.Dispose();
        _dir = null;
    }
}
