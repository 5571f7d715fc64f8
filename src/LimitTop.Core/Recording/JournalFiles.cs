namespace LimitTop.Core.Recording;

/// <summary>A segment file in the journal directory.</summary>
public readonly record struct JournalFileEntry(string Name, long Bytes);

/// <summary>
/// The file operations the writer needs, so a test can make a disk fill up (<see cref="SafeJournalFiles"/> is the
/// real one). Every call returns 0 or an errno, never throws.
/// </summary>
public interface IJournalFiles : IDisposable
{
    /// <summary>The journal directory (for messages).</summary>
    string Directory { get; }

    /// <summary>Opens (creating it 0700 if missing) the directory; 0 when it is open.</summary>
    int OpenDirectory();

    /// <summary>Creates a new file exclusively (EEXIST when the name is taken), write-only, append.</summary>
    int Create(string name, out int handle);

    /// <summary>Writes all of <paramref name="data"/> (a short write is reported as ENOSPC).</summary>
    int Write(int handle, ReadOnlySpan<byte> data);

    int Sync(int handle);

    /// <summary>fsync of the directory, so a new file's name survives a power cut.</summary>
    int SyncDirectory();

    void Close(int handle);

    int Delete(string name);

    /// <summary>The regular files named like segments, in no particular order.</summary>
    IReadOnlyList<JournalFileEntry> List();
}
