using System.Buffers.Binary;
using System.Text;

namespace LimitTop.Core.Recording;

/// <summary>
/// The encoder of a block's payload (docs/recording.md "Payload"): LEB128 varints, zigzag for signed values,
/// nullable integers as 0 / zigzag+1, and strings interned per block. One instance per block; <see cref="Reset"/>
/// starts the next (keeps the buffer).
/// </summary>
public sealed class PayloadWriter
{
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
    private byte[] _buffer;
    private int _length;

    public PayloadWriter(int capacity = 64 * 1024) => _buffer = new byte[Math.Max(16, capacity)];

    public int Length => _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Forgets the bytes and the string table (a new block).</summary>
    public void Reset()
    {
        _length = 0;
        _strings.Clear();
    }

    public void Byte(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    public void Varint(ulong v)
    {
        Ensure(10);
        while (v >= 0x80)
        {
            _buffer[_length++] = (byte)(v | 0x80);
            v >>= 7;
        }

        _buffer[_length++] = (byte)v;
    }

    public void Signed(long v) => Varint(ZigZag(v));

    /// <summary>null → 0; a value → zigzag + 1 (long.MinValue is not representable and reads back as null).</summary>
    public void Nullable(long? v) => Varint(v is { } x ? ZigZag(x) + 1 : 0);

    public void Double(double v)
    {
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_length), v);
        _length += 8;
    }

    public void NullableDouble(double? v)
    {
        Byte(v is null ? (byte)0 : (byte)1);
        if (v is { } x)
        {
            Double(x);
        }
    }

    /// <summary>A string: its 1-based number when this block has written it before, else 0 + UTF-8 length + bytes.</summary>
    public void String(string s)
    {
        if (_strings.TryGetValue(s, out int n))
        {
            Varint((ulong)n);
            return;
        }

        Varint(0);
        int max = Encoding.UTF8.GetMaxByteCount(s.Length);
        Ensure(max + 10);
        int len = Encoding.UTF8.GetBytes(s, _buffer.AsSpan(_length + 5));
        // Length prefix: always 5 bytes would waste space; write it, then move the bytes if it was shorter.
        int start = _length;
        Varint((ulong)len);
        int prefix = _length - start;
        if (prefix != 5)
        {
            Buffer.BlockCopy(_buffer, start + 5, _buffer, start + prefix, len);
        }

        _length = start + prefix + len;
        _strings[s] = _strings.Count + 1;
    }

    public void NullableString(string? s)
    {
        Byte(s is null ? (byte)0 : (byte)1);
        if (s is not null)
        {
            String(s);
        }
    }

    public static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    private void Ensure(int n)
    {
        if (_length + n > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + n));
        }
    }
}
