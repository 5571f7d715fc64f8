using LimitTop.Frames;

namespace LimitTop.Dashboard;

/// <summary>
/// (state, store, viewport, size, now) → frame. A pure function: it reads the state, the shown snapshot's panel
/// models and the viewport, and writes none of them, so the same inputs give the same frame. Panels shrink or fold
/// away before the table does: the table keeps about half of what is left below the header, the users panel comes
/// next, cgroups and sockets take what remains.
/// </summary>
public static class FrameComposer
{
    public static DashboardScreen Compose(DashboardState state, SnapshotStore store, TableViewport viewport, int width, int height, DateTimeOffset now)
    {
        var screen = new DashboardScreen(Math.Max(0, width), Math.Max(0, height));
        if (width < 10 || height < 3)
        {
            return screen;
        }

        var s = store.Shown;
        var models = store.Models;
        var lines = new List<StyledLine> { TitleBar.Draw(s, width, state.Interval, store.Frozen, now, EventsPanel.Flash(store.NewEvent, now, s?.Names), state.ReplayBanner) };
        const int statusRows = 1;
        if (s is not null)
        {
            if (height >= 30 && state.Meters.HasFlag(HeaderPanels.CpuMemory)) // below 30 rows the table keeps the row
            {
                lines.Add(CpuMemoryPanel.Draw(s.System, width));
            }

            if (height >= 16 && state.Meters.HasFlag(HeaderPanels.Gauges))
            {
                lines.AddRange(GaugesPanel.Draw(s.System, width, tall: height >= 34));
            }

            if (height >= 6 && state.Meters.HasFlag(HeaderPanels.Diagnosis))
            {
                lines.Add(DiagnosisLine.Draw(s.Diagnosis, width, s.Names, Core.Analysis.RefusalHeadline.Of(s)));
            }
        }

        int remaining = height - lines.Count - statusRows;
        if (state.Mode == Mode.Help)
        {
            lines.AddRange(HelpPage.Draw(width, remaining, state.ModeNote, state.HelpTop));
        }
        else if (state.Mode == Mode.Why && state.Why is { } why)
        {
            lines.AddRange(WhyPanel.Draw(screen, why, width, remaining));
        }
        else if (state.Mode == Mode.Picker && state.Picker is { } picker)
        {
            lines.AddRange(HelpPage.DrawPicker(picker, width, remaining));
        }
        else if (state.Mode == Mode.Events)
        {
            lines.AddRange(EventsPanel.Draw(store.Trends.Events, width, remaining, state.EventsTop, s?.Names));
        }
        else if (state.Mode == Mode.Findings)
        {
            lines.AddRange(FindingsPanel.Draw(s?.Diagnosis, width, remaining, state.FindingsTop));
        }
        else if (state.Mode == Mode.Setup)
        {
            lines.AddRange(SetupPage.Draw(state, width, remaining));
        }
        else if (models is not null)
        {
            int tableMin = Math.Max(Math.Min(remaining, 5), remaining / 2);
            int budget = remaining - tableMin;
            if (budget >= 2)
            {
                var side = state.Meters & (HeaderPanels.Cgroups | HeaderPanels.Sockets);
                if (state.Meters.HasFlag(HeaderPanels.Users))
                {
                    int usersWant = 1 + models.Users.Count;
                    int sideWant = height >= 20 && side != 0 ? 3 : 0;
                    int usersLines = Math.Min(usersWant, Math.Max(2, budget - sideWant));
                    lines.AddRange(UsersPanel.Draw(models.Users, width, usersLines, models.UserSparks, state.Ascii));
                    budget -= usersLines;
                }

                if (budget >= 3 && side != 0)
                {
                    lines.AddRange(SidePanels(models, side, width, Math.Min(budget, 10), state.Ascii, state.ShowCgroupPaths));
                }
            }

            TablePanel.Draw(screen, lines, state, models, viewport, width, height - statusRows - lines.Count);
        }

        while (lines.Count < height - statusRows)
        {
            lines.Add(new StyledLine());
        }

        if (state.Mode == Mode.Dialog && state.Dialog is { } dialog)
        {
            DialogBox.Overlay(lines, dialog, width, height - statusRows);
        }

        lines.Add(StatusBar.Draw(state, store, width));
        for (int i = 0; i < height; i++)
        {
            screen.Lines[i] = lines[i].Clip(width);
        }

        return screen;
    }

    /// <summary>Cgroups and sockets side by side from 80 columns, else one above the other; one alone takes the width.</summary>
    private static List<StyledLine> SidePanels(PanelModels m, HeaderPanels shown, int width, int maxLines, bool ascii, bool paths)
    {
        var result = new List<StyledLine>();
        if (shown == HeaderPanels.Cgroups)
        {
            return CgroupsPanel.Draw(m.Cgroups, width, maxLines, m.CgroupSparks, ascii, paths);
        }

        if (shown == HeaderPanels.Sockets)
        {
            return SocketsPanel.Draw(m.Sockets, width, maxLines);
        }

        if (width >= 80)
        {
            int left = width / 2;
            var cg = CgroupsPanel.Draw(m.Cgroups, left - 1, maxLines, m.CgroupSparks, ascii, paths);
            var so = SocketsPanel.Draw(m.Sockets, width - left, maxLines);
            int rows = Math.Max(cg.Count, so.Count);
            for (int i = 0; i < rows; i++)
            {
                var line = new StyledLine();
                line.AddLine(i < cg.Count ? cg[i].Clip(left - 1) : new StyledLine()).PadTo(left - 1).Add("│", Tone.Dim);
                if (i < so.Count)
                {
                    line.AddLine(so[i]);
                }

                result.Add(line);
            }
        }
        else
        {
            var cg = CgroupsPanel.Draw(m.Cgroups, width, Math.Min(maxLines, 1 + Math.Max(1, (maxLines - 1) / 2)), m.CgroupSparks, ascii, paths);
            result.AddRange(cg);
            result.AddRange(SocketsPanel.Draw(m.Sockets, width, maxLines - cg.Count));
        }

        return result;
    }
}
