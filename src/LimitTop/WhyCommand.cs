using LimitTop.Core.Procfs;
using LimitTop.Core.Why;

namespace LimitTop;

/// <summary><c>limittop --why PID [--json]</c>: the explanation, or a sentence and exit 1 when there is none.</summary>
internal static class WhyCommand
{
    public static int Run(ProcRoot root, string pidText, bool json)
    {
        if (!int.TryParse(pidText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid) || pid <= 0)
        {
            Console.Error.WriteLine($"limittop: --why needs a process id (a positive number), not '{Core.Text.SafeText.Escape(pidText)}'");
            return 2;
        }

        WhyOutcome outcome;
        try
        {
            outcome = Core.Pipeline.FreshExplainer.Explain(root, pid);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine("limittop: " + Core.Text.SafeText.Escape(e.Message));
            return 1;
        }

        if (outcome.Explanation is not { } ex)
        {
            Console.Error.WriteLine("limittop: " + Core.Text.SafeText.Escape(outcome.Problem ?? ""));
            return 1;
        }

        // The one escaping rule over the whole report: cgroup, unit and process names are the users' words (JSON escapes
        // every non-ASCII character itself).
        Console.Out.Write(json ? WhyDocument.Serialize(ex) + "\n" : Core.Text.SafeText.EscapeLines(ExplanationText.Render(ex)));
        return 0;
    }
}
