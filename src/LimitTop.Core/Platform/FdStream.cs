namespace LimitTop.Core.Platform;

/// <summary>
/// A write-only, non-seekable stream over a <see cref="SafeFileWriter"/>'s temporary file, so serializers
/// (System.Text.Json) can stream into it; every write goes through <see cref="FdWrite.WriteAll"/>. A refusal
/// (ENOSPC …) is an IOException whose HResult is the errno, as .NET's own on Unix.
/// </summary>
internal sealed class FdStream(SafeFileWriter writer) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!FdWrite.WriteAll(writer.Fd, buffer, out int err))
        {
            throw new IOException($"cannot write in {writer.Directory.Path}: {Native.Errno.Describe(err)}", err);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
