namespace LimitTop.Core.Tests.Recording;

/// <summary>A temporary journal directory, removed on dispose.</summary>
internal sealed class TempJournal : IDisposable
{
    public TempJournal()
    {
        Dir = Path.Combine(Path.GetTempPath(), "lt_record_" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; }

    public string[] Segments => [.. Directory.GetFiles(Dir, "*.ltj").Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp dir
        }
    }
}
