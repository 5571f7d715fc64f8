namespace LimitTop.Core.Model;

/// <summary>TCP/UDP socket summary of the reader's network namespace (filled by the socket sampler).</summary>
public sealed record SocketSummary
{
    public required DateTimeOffset TakenAt { get; init; }
}
