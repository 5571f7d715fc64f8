namespace LimitTop.Core.Witness;

/// <summary>
/// How the refusal witness starts. <see cref="Enabled"/> is what <c>--no-witness</c> (and the F2 setup) turns off;
/// the other members exist for tests and fixtures.
/// </summary>
public sealed record WitnessOptions
{
    /// <summary>False: no trace instance, no /dev/kmsg; the status says the witness is off.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Read /dev/kmsg for the kernel's own lines about limits (needs root, like the trace instance).</summary>
    public bool KernelLog { get; init; } = true;

    /// <summary>A tracefs mount to use as is (tests); null: /sys/kernel/tracing, mounted there when missing.</summary>
    public string? TracefsRoot { get; init; }

    public string Sys { get; init; } = "/sys";

    public string Proc { get; init; } = "/proc";

    public string KmsgPath { get; init; } = "/dev/kmsg";

    /// <summary>Ring buffer per CPU, in KiB: small, as a storm is counted through the kernel's overrun counter anyway.</summary>
    public int BufferKbPerCpu { get; init; } = 64;

    /// <summary>
    /// At most this much of trace_pipe (about 90 bytes a line) is read per <c>Drain</c>, so a storm cannot stall the
    /// loop: what is left is overwritten and counted as lost, exactly (witness-storm.sh: 2-4 ms per tick at 40,000/s).
    /// </summary>
    public int MaxBytesPerDrain { get; init; } = 256 * 1024;

    /// <summary>At most this many /dev/kmsg records per <c>Drain</c>.</summary>
    public int MaxKernelRecordsPerDrain { get; init; } = 1000;
}
