using System.Runtime.InteropServices;

namespace LimitTop.Hosting;

/// <summary>
/// Tells Hosting/startup_guard.c (linked into the NativeAOT binary) that Main was reached, so its exit handler
/// stays quiet. That handler is the only voice limittop has when the runtime cannot start at all (zero free
/// tasks: exit 255 with one line on stderr). The JIT build (dotnet limittop.dll, the tests) has no such code.
/// </summary>
internal static partial class StartupGuard
{
    public static void MainEntered()
    {
        try
        {
            Entered(); // NativeAOT: linked in, a direct call (LimitTop.csproj's DirectPInvoke)
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // the JIT build: no guard, and no exit handler to quiet
        }
    }

    [LibraryImport("limittop_guard", EntryPoint = "limittop_main_entered")]
    private static partial void Entered();
}
