using LimitTop.Core.Witness;

namespace LimitTop.Core.Tests.Witness;

/// <summary>
/// A live witness test: skipped, with the reason, when not root or when this kernel has no syscall exit events
/// in tracefs (CONFIG_FTRACE_SYSCALLS). Mounts tracefs first when the kernel has it, as limittop itself does.
/// </summary>
public sealed class WitnessFactAttribute : FactAttribute
{
    public WitnessFactAttribute()
    {
        if (WitnessAvailability.Why() is { } why)
        {
            Skip = why;
        }
    }
}

internal static class WitnessAvailability
{
    private static readonly Lazy<string?> Reason = new(Probe);

    public static string? Why() => Reason.Value;

    private static string? Probe()
    {
        if (!File.ReadAllText("/proc/self/status").Contains("Uid:\t0\t", StringComparison.Ordinal))
        {
            return "live witness tests need root (tracefs, setpriv, prlimit, cgroups); CI runs them as root";
        }

        using var witness = RefusalWitness.Start(new WitnessOptions { KernelLog = false });
        return witness.Status.Reason switch
        {
            "up" => null,
            "no-events" or "no-tracefs" => $"this kernel cannot witness refusals: {witness.Status.Message}",
            _ => null, // any other failure is a bug the tests must show, not skip
        };
    }
}
