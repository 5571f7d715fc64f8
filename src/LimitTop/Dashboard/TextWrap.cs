namespace LimitTop.Dashboard;

/// <summary>Text cut at spaces to a width (help lines, dialog messages): nothing is cut off at the right edge.</summary>
public static class TextWrap
{
    /// <summary>
    /// <paramref name="text"/> in pieces of at most <paramref name="width"/> characters, cut at a space when one
    /// is in the last two thirds of the piece; every piece after the first starts with <paramref name="indent"/>.
    /// </summary>
    public static List<string> Lines(string text, int width, string indent = "")
    {
        var result = new List<string>();
        width = Math.Max(indent.Length + 4, width);
        string prefix = "";
        string s = text;
        while (prefix.Length + s.Length > width)
        {
            int room = width - prefix.Length;
            int cut = s.LastIndexOf(' ', room, room + 1);
            if (cut <= room / 3)
            {
                cut = room;
            }

            result.Add(prefix + s[..cut].TrimEnd());
            s = s[cut..].TrimStart();
            prefix = indent;
        }

        result.Add(prefix + s);
        return result;
    }
}
