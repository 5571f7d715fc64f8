using System.Text.Json;

namespace LimitTop.Core.Naming;

/// <summary>
/// id → name of every container in a containers/storage store's overlay-containers/containers.json (an array of
/// {"id", "names": [..], "image", "layer", "metadata", "created"} written by c/storage for Podman, Buildah and
/// CRI-O). Parsed in one streaming pass when the file's stamp changes, at most <see cref="NamerFileReader.StoreCap"/>
/// bytes; one index per store file, so naming 500 containers of one store costs one parse.
/// </summary>
public sealed class PodmanStoreIndex
{
    private readonly Dictionary<string, Entry> _stores = new(StringComparer.Ordinal);

    private sealed record Entry(FileStamp Stamp, Dictionary<string, string> Names, string? Failure);

    /// <summary>The name of container <paramref name="id"/>; null with <paramref name="failure"/> when the store has none or cannot be read.</summary>
    public string? Name(string storeFile, string id, out string? failure)
    {
        FileStamp now = NamerFileReader.Stamp(storeFile);
        if (!_stores.TryGetValue(storeFile, out var e) || e.Stamp != now)
        {
            e = Load(storeFile);
            if (_stores.Count >= 64)
            {
                _stores.Clear(); // one entry per store: rootful plus one per rootless user; a bound, not a policy
            }

            _stores[storeFile] = e;
        }

        if (e.Names.TryGetValue(id, out string? name))
        {
            failure = null;
            return name;
        }

        failure = e.Failure ?? "no such id in the store";
        return null;
    }

    private static Entry Load(string file)
    {
        byte[]? bytes = NamerFileReader.Read(file, NamerFileReader.StoreCap, out var stamp, out string? failure);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (bytes is null)
        {
            return new Entry(stamp, names, failure);
        }

        return Parse(bytes, names) ? new Entry(stamp, names, null) : new Entry(stamp, names, "malformed JSON");
    }

    /// <summary>Fills <paramref name="names"/> from a containers.json; false when it is malformed (what came before the fault is kept).</summary>
    public static bool Parse(ReadOnlySpan<byte> json, Dictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        try
        {
            var r = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            if (!r.Read() || r.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            while (r.Read() && r.TokenType == JsonTokenType.StartObject)
            {
                string? id = null, name = null;
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    bool isId = r.ValueTextEquals("id"u8), isNames = r.ValueTextEquals("names"u8);
                    r.Read();
                    if (isId && r.TokenType == JsonTokenType.String)
                    {
                        id = JsonPick.ValueText(ref r);
                    }
                    else if (isNames && r.TokenType == JsonTokenType.StartArray)
                    {
                        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                        {
                            if (r.TokenType == JsonTokenType.String)
                            {
                                name ??= JsonPick.ValueText(ref r);
                            }
                            else
                            {
                                r.Skip();
                            }
                        }
                    }
                    else
                    {
                        r.Skip();
                    }
                }

                if (id is not null && name is not null && CgroupPathLayout.IsId(id))
                {
                    names[id] = name;
                }
            }

            return r.TokenType == JsonTokenType.EndArray;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
