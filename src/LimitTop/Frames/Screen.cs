namespace LimitTop.Frames;

/// <summary>
/// A whole frame as styled lines, built without a terminal. A backend paints it (through <see cref="FrameDiff"/>);
/// what the lines mean for clicks is the composer's business (a subclass adds its geometry).
/// </summary>
public class Screen
{
    public Screen(int width, int height)
    {
        Width = width;
        Height = height;
        Lines = new StyledLine[height];
        for (int i = 0; i < height; i++)
        {
            Lines[i] = new StyledLine();
        }
    }

    public int Width { get; }
    public int Height { get; }
    public StyledLine[] Lines { get; }

    public string Row(int i) => Lines[i].Text;

    public string Text => string.Join('\n', Lines.Select(l => l.Text));
}
