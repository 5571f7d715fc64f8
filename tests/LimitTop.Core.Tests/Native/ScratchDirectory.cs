namespace LimitTop.Core.Tests.Native;

/// <summary>Base of tests that each get a temporary directory of their own, removed with everything in it.</summary>
public abstract class ScratchDirectoryTests : IDisposable
{
    protected string Dir { get; } = Directory.CreateTempSubdirectory("limittop-plumbing-").FullName;

    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
