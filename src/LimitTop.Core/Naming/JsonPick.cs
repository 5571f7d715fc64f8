using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LimitTop.Core.Naming;

/// <summary>
/// Picks a few values out of a JSON document in one forward pass (Utf8JsonReader: no reflection, no tree, AOT-safe):
/// each wanted value is named by its path of object keys ("annotations/io.kubernetes.cri.sandbox-name"). Strings
/// come back display-safe (<see cref="NameText.FromUtf8"/>: bytes that are not UTF-8 shown as \xNN), numbers as
/// their text. Malformed or too deep JSON returns false and what was picked before the fault; never throws.
/// </summary>
public static class JsonPick
{
    private const int MaxDepth = 64;

    public static bool TryPick(ReadOnlySpan<byte> json, IReadOnlyList<string> wanted, Dictionary<string, string> found)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(found);
        var path = new List<string?>(8); // one entry per open container: the key that led into it; null for arrays
        string? key = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Skip });
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        key = ValueText(ref reader);
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        path.Add(reader.TokenType == JsonTokenType.StartArray ? null : key ?? "");
                        key = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        key = null;
                        break;
                    case JsonTokenType.String:
                    case JsonTokenType.Number:
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                        if (key is not null && Match(path, key, wanted) is { } w && !found.ContainsKey(w))
                        {
                            found[w] = reader.TokenType == JsonTokenType.String ? ValueText(ref reader) : NameText.FromUtf8(reader.ValueSpan);
                        }

                        key = null;
                        break;
                    default:
                        key = null;
                        break;
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The wanted path equal to the open objects (below the top one) plus <paramref name="key"/>.</summary>
    private static string? Match(List<string?> path, string key, IReadOnlyList<string> wanted)
    {
        foreach (string w in wanted)
        {
            if (Equal(path, key, w))
            {
                return w;
            }
        }

        return null;
    }

    private static bool Equal(List<string?> path, string key, string wanted)
    {
        int pos = 0;
        for (int i = 1; i < path.Count; i++) // path[0] is the document's own object
        {
            if (path[i] is not { } seg || !Next(wanted, ref pos, seg))
            {
                return false;
            }
        }

        return Next(wanted, ref pos, key) && pos == wanted.Length + 1;
    }

    /// <summary>Matches the segment <paramref name="seg"/> at <paramref name="pos"/> of a '/'-separated path.</summary>
    private static bool Next(string wanted, ref int pos, string seg)
    {
        if (pos > wanted.Length)
        {
            return false;
        }

        int end = wanted.IndexOf('/', pos);
        if (end < 0)
        {
            end = wanted.Length;
        }

        if (!wanted.AsSpan(pos, end - pos).SequenceEqual(seg))
        {
            return false;
        }

        pos = end + 1;
        return true;
    }

    /// <summary>A string token's text: unescaped when it has escapes, raw bytes decoded leniently otherwise.</summary>
    internal static string ValueText(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return NameText.FromUtf8(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        }

        try
        {
            return NameText.Escape(reader.GetString() ?? "");
        }
        catch (InvalidOperationException)
        {
            return NameText.FromUtf8(Unescape(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan));
        }
    }

    /// <summary>
    /// JSON string escapes undone on raw bytes, for a string whose other bytes are not UTF-8 (which GetString
    /// refuses): the bytes stay as they are, for <see cref="NameText.FromUtf8"/> to show as \xNN.
    /// </summary>
    private static byte[] Unescape(ReadOnlySpan<byte> raw)
    {
        var bytes = new List<byte>(raw.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\' || i + 1 >= raw.Length)
            {
                bytes.Add(raw[i]);
                continue;
            }

            byte e = raw[++i];
            if (e == (byte)'u' && i + 4 < raw.Length && int.TryParse(Encoding.ASCII.GetString(raw.Slice(i + 1, 4)), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int cp))
            {
                i += 4;
                if (char.IsHighSurrogate((char)cp) && i + 6 < raw.Length && raw[i + 1] == (byte)'\\' && raw[i + 2] == (byte)'u'
                    && int.TryParse(Encoding.ASCII.GetString(raw.Slice(i + 3, 4)), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int low)
                    && char.IsLowSurrogate((char)low))
                {
                    cp = char.ConvertToUtf32((char)cp, (char)low);
                    i += 6;
                }

                var rune = Rune.IsValid(cp) ? new Rune(cp) : Rune.ReplacementChar;
                int n = rune.EncodeToUtf8(utf8);
                for (int k = 0; k < n; k++)
                {
                    bytes.Add(utf8[k]);
                }

                continue;
            }

            bytes.Add(e switch { (byte)'n' => (byte)'\n', (byte)'t' => (byte)'\t', (byte)'r' => (byte)'\r', (byte)'b' => 8, (byte)'f' => 12, _ => e });
        }

        return [.. bytes];
    }
}
