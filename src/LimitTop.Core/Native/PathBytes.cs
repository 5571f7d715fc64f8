using System.Text;

namespace LimitTop.Core.Native;

/// <summary>
/// A lossless mapping between the bytes of a kernel name (a cgroup path, a directory entry) and a .NET string, so a
/// name read from the kernel addresses the same file when it is handed back. Linux names are bytes, not UTF-8: a
/// cgroup named <c>\xff</c> decoded with <see cref="Encoding.UTF8"/> becomes U+FFFD and, encoded again, names
/// <c>EF BF BD</c> — another (absent) directory, which is how a hog in <c>/grp/\xff</c> escaped "kill the whole
/// cgroup" (issue 24, finding 5; docs/kernel-limits.md §14).
/// <para>
/// The mapping (as MirBSD's OPTU-8): valid UTF-8 decodes as usual; every byte that is not part of a valid sequence
/// becomes U+EF80 + (byte − 0x80) — only bytes ≥ 0x80 can be invalid — and so do the three bytes of a genuine
/// U+EF80…U+EFFF, so the way back is unambiguous: U+EF80…U+EFFF encode to one byte each, everything else as UTF-8.
/// The result is always valid UTF-16 (no lone surrogates), so JSON and metrics writers never throw on it; a display
/// shows those characters as <c>\xNN</c> (<see cref="ForDisplay"/>).
/// </para>
/// </summary>
public static class PathBytes
{
    private const char First = '\uEF80';
    private const char Last = '\uEFFF';

    /// <summary>True for a character that stands for one raw byte.</summary>
    public static bool IsRawByte(char c) => c is >= First and <= Last;

    /// <summary>Decodes kernel bytes losslessly (ASCII and valid UTF-8 as themselves).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (IsPlain(bytes))
        {
            return Encoding.UTF8.GetString(bytes); // the common case: no invalid byte, no U+EF80…U+EFFF
        }

        var sb = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out int used);
            if (status == System.Buffers.OperationStatus.Done && !(rune.Value is >= First and <= Last))
            {
                sb.Append(rune.ToString());
            }
            else
            {
                used = status == System.Buffers.OperationStatus.Done ? used : 1;
                for (int i = 0; i < used; i++)
                {
                    sb.Append((char)(First + (bytes[i] - 0x80)));
                }
            }

            bytes = bytes[used..];
        }

        return sb.ToString();
    }

    /// <summary>The number of bytes <paramref name="s"/> encodes to (without a NUL).</summary>
    public static int ByteCount(ReadOnlySpan<char> s)
    {
        int n = 0, start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (IsRawByte(s[i]))
            {
                n += Encoding.UTF8.GetByteCount(s[start..i]) + 1;
                start = i + 1;
            }
        }

        return n + Encoding.UTF8.GetByteCount(s[start..]);
    }

    /// <summary>Encodes back to the kernel's bytes; false when <paramref name="into"/> is too small.</summary>
    public static bool TryEncode(ReadOnlySpan<char> s, Span<byte> into, out int length)
    {
        length = 0;
        int start = 0;
        for (int i = 0; i <= s.Length; i++)
        {
            if (i < s.Length && !IsRawByte(s[i]))
            {
                continue;
            }

            if (!Encoding.UTF8.TryGetBytes(s[start..i], into[length..], out int n))
            {
                return false;
            }

            length += n;
            if (i < s.Length)
            {
                if (length >= into.Length)
                {
                    return false;
                }

                into[length++] = (byte)(0x80 + (s[i] - First));
            }

            start = i + 1;
        }

        return true;
    }

    /// <summary>The name for a screen or a log: each raw byte as <c>\xNN</c> (control characters are SafeText's job).</summary>
    public static string ForDisplay(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.AsSpan().IndexOfAnyInRange(First, Last) < 0)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length + 8);
        foreach (char c in s)
        {
            if (IsRawByte(c))
            {
                sb.Append("\\x").Append(((int)(0x80 + (c - First))).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static bool IsPlain(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Ascii.IsValid(bytes))
        {
            return true;
        }

        // Valid UTF-8 without the three-byte forms of U+EF80…U+EFFF (EE BE 80 … EE BF BF).
        return System.Text.Unicode.Utf8.IsValid(bytes) && !ContainsRawRange(bytes);
    }

    private static bool ContainsRawRange(ReadOnlySpan<byte> bytes)
    {
        for (int i = bytes.IndexOf((byte)0xEE); i >= 0 && i + 1 < bytes.Length; i = NextEe(bytes, i))
        {
            if (bytes[i + 1] is 0xBE or 0xBF)
            {
                return true;
            }
        }

        return false;
    }

    private static int NextEe(ReadOnlySpan<byte> bytes, int i)
    {
        int j = bytes[(i + 1)..].IndexOf((byte)0xEE);
        return j < 0 ? -1 : i + 1 + j;
    }
}
