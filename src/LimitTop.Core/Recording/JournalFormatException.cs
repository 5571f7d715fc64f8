namespace LimitTop.Core.Recording;

/// <summary>A journal's bytes are not what docs/recording.md says (corrupted, truncated, or from a newer version).</summary>
public sealed class JournalFormatException : Exception
{
    public JournalFormatException()
    {
    }

    public JournalFormatException(string message)
        : base(message)
    {
    }

    public JournalFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
