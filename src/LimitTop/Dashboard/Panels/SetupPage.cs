using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>
/// The F2 setup screen in place of the panels and the table: three lists side by side (one above the other when
/// narrow) — the table's columns in screen order, the header's panels, the colour schemes. Draws only.
/// </summary>
public static class SetupPage
{
    private const int ListWidth = 30;

    public static List<StyledLine> Draw(DashboardState state, int width, int rows)
    {
        var cur = state.Setup ?? new SetupCursor();
        var lines = new List<StyledLine>
        {
            new StyledLine().Add(" SETUP", Tone.Title)
                .Add("  Tab/←→ list · ↑↓ move · Space show/hide or choose · + - or Shift+↑↓ reorder · Esc/F2/F10 leave", Tone.Dim).Clip(width),
        };
        if (state.SettingsWarning is { } warning)
        {
            // the whole warning, wrapped: the status bar has room for its start only; above the lists so it is never cut
            lines.AddRange(TextWrap.Lines("warning: " + warning, width - 2, "  ").Select(t => new StyledLine().Add(" " + t, Tone.Warning).Clip(width)));
        }

        var lists = new[] { Columns(state, cur), Meters(state, cur), Schemes(state, cur) };
        if (width >= ListWidth * 3)
        {
            int height = lists.Max(l => l.Count);
            for (int i = 0; i < height; i++)
            {
                var line = new StyledLine();
                foreach (var list in lists)
                {
                    line.AddLine(i < list.Count ? list[i].Clip(ListWidth - 1) : new StyledLine()).PadTo(line.Length + ListWidth - line.Length % ListWidth);
                }

                lines.Add(line.Clip(width));
            }
        }
        else
        {
            foreach (var list in lists)
            {
                lines.AddRange(list.Select(l => l.Clip(width)));
            }
        }

        lines.Add(new StyledLine());
        lines.Add(new StyledLine().Add("  PID, THR and COMMAND cannot be hidden. Hidden SOCK and ΔSOCK/m stop the fd → socket scan;", Tone.Dim).Clip(width));
        lines.Add(new StyledLine().Add("  hidden FDS, NOFILE%, ΔFD/m, users and diagnosis together stop the fd counts. Saved to limittop.conf.", Tone.Dim).Clip(width));
        return lines.Take(Math.Max(0, rows)).ToList();
    }

    private static StyledLine Title(string text, bool focused)
        => new StyledLine().Add(" " + text, focused ? Tone.SortedHeader : Tone.TableHeader).PadTo(ListWidth - 1, focused ? Tone.SortedHeader : Tone.TableHeader);

    private static StyledLine Item(string mark, string text, bool selected, bool focused, Tone tone = Tone.Normal)
    {
        bool hl = selected && focused;
        var t = hl ? Tone.Selected : tone;
        return new StyledLine(t).Add((selected ? " >" : "  ") + mark + " " + text, t).PadTo(ListWidth - 1, t);
    }

    private static List<StyledLine> Columns(DashboardState state, SetupCursor cur)
    {
        bool focused = cur.Section == SetupSection.Columns;
        var lines = new List<StyledLine> { Title("Columns", focused) };
        var all = state.SetupColumns;
        for (int i = 0; i < all.Count; i++)
        {
            var spec = ColumnSpec.Of(all[i]);
            bool shown = state.Options.Columns.Contains(all[i]);
            bool required = spec.Required;
            lines.Add(Item(shown ? "[x]" : "[ ]", spec.Title + (required ? " (always)" : ""), i == cur.Rows[0], focused, shown ? Tone.Normal : Tone.Dim));
        }

        return lines;
    }

    private static List<StyledLine> Meters(DashboardState state, SetupCursor cur)
    {
        bool focused = cur.Section == SetupSection.Meters;
        var lines = new List<StyledLine> { Title("Header panels", focused) };
        for (int i = 0; i < InputHandler.MeterOrder.Count; i++)
        {
            var panel = InputHandler.MeterOrder[i];
            bool shown = (state.Meters & panel) != 0;
            lines.Add(Item(shown ? "[x]" : "[ ]", panel.ToString().ToLowerInvariant(), i == cur.Rows[1], focused, shown ? Tone.Normal : Tone.Dim));
        }

        // not a panel: the refusal witness (Core/Witness), the REFUSED column and the event log's refused lines
        lines.Add(Item(state.Witness ? "[x]" : "[ ]", "refusal witness", cur.Rows[1] == InputHandler.MeterOrder.Count, focused, state.Witness ? Tone.Normal : Tone.Dim));
        return lines;
    }

    private static List<StyledLine> Schemes(DashboardState state, SetupCursor cur)
    {
        bool focused = cur.Section == SetupSection.Scheme;
        var lines = new List<StyledLine> { Title("Colour scheme", focused) };
        for (int i = 0; i < InputHandler.SchemeNames.Count; i++)
        {
            string name = InputHandler.SchemeNames[i];
            lines.Add(Item(name == state.Scheme ? "(*)" : "( )", name, i == cur.Rows[2], focused));
        }

        return lines;
    }
}
