using LimitTop.Core.Recording;

namespace LimitTop.Core.Tests.Recording;

/// <summary>The real files, except that while <see cref="Full"/> a write puts part of its bytes and fails with ENOSPC (a disk filling mid-write).</summary>
internal sealed class FullDiskFiles(string directory) : IJournalFiles
{
    private const int ENOSPC = 28;
    private readonly SafeJournalFiles _real = new(directory);

    public bool Full { get; set; }

    public int FailedWrites { get; private set; }

    public string Directory => _real.Directory;

    public int OpenDirectory() => _real.OpenDirectory();

    public int Create(string name, out int handle) => _real.Create(name, out handle);

    public int Write(int handle, ReadOnlySpan<byte> data)
    {
        if (!Full)
        {
            return _real.Write(handle, data);
        }

        FailedWrites++;
        _real.Write(handle, data[..(data.Length / 2)]);
        return ENOSPC;
    }

    public int Sync(int handle) => _real.Sync(handle);

    public int SyncDirectory() => _real.SyncDirectory();

    public void Close(int handle) => _real.Close(handle);

    public int Delete(string name) => _real.Delete(name);

    public IReadOnlyList<JournalFileEntry> List() => _real.List();

    public void Dispose() => _real.Dispose();
}
