namespace LimitTop.Core.Procfs;

/// <summary>Builds "PID/suffix" paths relative to the /proc root in a caller's buffer, without allocating.</summary>
public static class ProcPath
{
    /// <summary>Room for any pid and the longest suffix limittop uses.</summary>
    public const int MaxLength = 32;

    public static ReadOnlySpan<char> Of(Span<char> buffer, int pid, string suffix)
    {
        pid.TryFormat(buffer, out int n);
        suffix.AsSpan().CopyTo(buffer[n..]);
        return buffer[..(n + suffix.Length)];
    }
}
