using System.Buffers.Binary;
using System.Text;

namespace LimitTop.Core.Recording;

/// <summary>
/// The decoder matching <see cref="PayloadWriter"/>. Every read is bounds-checked and a malformed value throws
/// <see cref="JournalFormatException"/> (a hostile or corrupted journal never crashes the reader).
/// </summary>
public sealed class PayloadReader(byte[] data, int length)
{
    private readonly List<string> _strings = [];
    private int _pos;

    public bool AtEnd => _pos >= length;

    /// <summary>Bytes not read yet: the upper bound of any count that follows (each item takes at least one byte).</summary>
    public int Remaining => length - _pos;

    public byte Byte()
    {
        if (_pos >= length)
        {
            throw new JournalFormatException("payload ends in the middle of a value");
        }

        return data[_pos++];
    }

    public ulong Varint()
    {
        ulong v = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = Byte();
            v |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return v;
            }
        }

        throw new JournalFormatException("varint longer than 10 bytes");
    }

    /// <summary>A count of items that follow: refused when larger than the bytes left.</summary>
    public int Count()
    {
        ulong n = Varint();
        if (n > (ulong)Remaining)
        {
            throw new JournalFormatException("count larger than the payload");
        }

        return (int)n;
    }

    public int Int32() => checked((int)Signed());

    public long Signed() => UnZigZag(Varint());

    public long? Nullable()
    {
        ulong v = Varint();
        return v == 0 ? null : UnZigZag(v - 1);
    }

    public int? NullableInt32() => Nullable() is { } v ? checked((int)v) : null;

    public double Double()
    {
        if (length - _pos < 8)
        {
            throw new JournalFormatException("payload ends in the middle of a number");
        }

        double d = BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(_pos, 8));
        _pos += 8;
        return d;
    }

    public double? NullableDouble() => Byte() == 0 ? null : Double();

    public string String()
    {
        ulong n = Varint();
        if (n != 0)
        {
            if (n > (ulong)_strings.Count)
            {
                throw new JournalFormatException("reference to a string not defined yet");
            }

            return _strings[(int)n - 1];
        }

        int len = Count();
        string s = Encoding.UTF8.GetString(data, _pos, len);
        _pos += len;
        _strings.Add(s);
        return s;
    }

    public string? NullableString() => Byte() == 0 ? null : String();

    public static long UnZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);
}
