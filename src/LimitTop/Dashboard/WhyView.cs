using LimitTop.Core.Why;

namespace LimitTop.Dashboard;

/// <summary>
/// The explanation panel's state (Enter on a process): whom it explains, the newest explanation as lines, how far it
/// is scrolled. The <see cref="InputHandler"/> fills it when it opens and once per sample while it is open (a few
/// files of one process, see Core/Why/Explainer.cs); the <see cref="WhyPanel"/> only draws it.
/// </summary>
public sealed class WhyView(int pid, string name)
{
    public int Pid { get; } = pid;

    /// <summary>The process's name when the panel opened (the explanation may never come: it can be gone already).</summary>
    public string Name { get; } = name;

    /// <summary>The newest explanation; null until one was made.</summary>
    public Explanation? Explanation { get; private set; }

    /// <summary>The text of <see cref="Explanation"/>, one entry a line (what <c>--why PID</c> prints).</summary>
    public IReadOnlyList<string> Lines { get; private set; } = [];

    /// <summary>Why the newest attempt gave no explanation ("no process 4242": it exited); the last lines stay shown.</summary>
    public string? Problem { get; private set; }

    /// <summary>The process exited (or its PID now names another process) since the panel opened.</summary>
    public bool Gone { get; private set; }

    /// <summary>Index of the first line on screen.</summary>
    public int Scroll { get; set; }

    /// <summary>Text rows of the last frame; PgUp/PgDn move by this.</summary>
    public int PageRows { get; set; } = 10;

    /// <summary>Lines after wrapping to the last frame's width (what scrolling moves through).</summary>
    public int WrappedLines { get; private set; }

    /// <summary>Takes the panel's place in a composed frame: its text rows and wrapped lines.</summary>
    public void Fit(DashboardScreen frame)
    {
        if (frame.WhyRows > 0)
        {
            PageRows = frame.WhyRows;
            WrappedLines = frame.WhyLines;
        }
    }

    /// <summary>How many explanations were made (one when opened, then one per sample).</summary>
    public int Refreshes { get; private set; }

    public void Update(WhyOutcome outcome)
    {
        Refreshes++;
        if (outcome.Explanation is { } ex && (Explanation is null || ex.StartTicks == Explanation.StartTicks))
        {
            Explanation = ex;
            Lines = ExplanationText.Render(ex).TrimEnd('\n').Split('\n');
            Problem = null;
            Gone = false;
        }
        else
        {
            Problem = outcome.Problem ?? $"pid {Pid} now names another process";
            Gone = true;
        }

        Scroll = Math.Clamp(Scroll, 0, Math.Max(0, Math.Max(WrappedLines, Lines.Count) - 1));
    }

    /// <summary>The explanation could not be made this time (no descriptor left, say): the last one stays, with why.</summary>
    public void Fail(string problem)
    {
        Refreshes++;
        Problem = problem;
    }

    public void ScrollBy(int rows)
        => Scroll = (int)Math.Clamp((long)Scroll + rows, 0, Math.Max(0, Math.Max(WrappedLines, Lines.Count) - PageRows));
}
